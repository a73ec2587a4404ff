package org.releasewatch.testing;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import org.releasewatch.config.LaunchSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The defaults the code gives to configuration keys, read from the sources: the {@code @Bindable(defaultValue)}
 * of every {@code @ConfigurationProperties} record under src/main/java, the {@code ${key:default}} placeholders,
 * and the few keys read before any bean exists ({@link LaunchSettings}). A key may have several (a record
 * default and a placeholder): {@link #all()} lists each with where it is written.
 */
public final class ConfigDefaults {

    public record Default(String key, String value, String where) {
    }

    static final Path MAIN = Path.of("src/main/java");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z][a-z0-9.-]*[a-z0-9]):([^}]*)}");

    private static Map<String, List<Default>> all;

    private ConfigDefaults() {
    }

    /** Every default in code, by key. */
    public static synchronized Map<String, List<Default>> all() {
        if (all == null) {
            Map<String, List<Default>> found = new TreeMap<>();
            for (Path source : sources()) {
                String code = read(source);
                String where = MAIN.relativize(source).toString();
                PLACEHOLDER.matcher(code).results().forEach(m ->
                        found.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(new Default(m.group(1), m.group(2), where)));
                if (code.contains("@ConfigurationProperties(")) {
                    recordDefaults(where).forEach(d -> found.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d));
                }
            }
            found.computeIfAbsent("releasewatch.broker.port", k -> new ArrayList<>()).add(new Default(
                    "releasewatch.broker.port", String.valueOf(LaunchSettings.DEFAULT_BROKER_PORT), "org/releasewatch/config/LaunchSettings.java"));
            all = found;
        }
        return all;
    }

    /** The default of {@code key} in code, if it has one (the first, where it has several). */
    public static Optional<String> of(String key) {
        return Optional.ofNullable(all().get(key)).map(d -> d.get(0).value());
    }

    private static List<Default> recordDefaults(String where) {
        String className = where.replace(".java", "").replace('/', '.').replace('\\', '.');
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        ConfigurationProperties properties = type.getAnnotation(ConfigurationProperties.class);
        if (properties == null || !type.isRecord()) {
            return List.of();
        }
        RecordComponent[] components = type.getRecordComponents();
        Constructor<?> canonical;
        try {
            canonical = type.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        List<Default> out = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            Bindable bindable = canonical.getParameters()[i].getAnnotation(Bindable.class);
            if (bindable != null && !bindable.defaultValue().isEmpty()) {
                String key = properties.value() + "." + kebab(components[i].getName());
                out.add(new Default(key, bindable.defaultValue(), where));
            }
        }
        return out;
    }

    private static List<Path> sources() {
        try (Stream<Path> walk = Files.walk(MAIN)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
