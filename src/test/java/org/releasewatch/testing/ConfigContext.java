package org.releasewatch.testing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.DefaultApplicationContext;
import io.micronaut.context.env.PropertySource;

import java.util.List;
import java.util.Map;

/**
 * A Micronaut context that binds configuration exactly as the service does (application.yml, the given property
 * sources, {@code @ConfigurationProperties}, {@code @EachProperty}) but creates none of the service's
 * {@code @Context} beans, which would start a broker, streams and workers: for tests of what a configuration binds
 * to, in well under a second per context.
 */
public final class ConfigContext {

    private ConfigContext() {
    }

    /** A started context over {@code sources}; close it. */
    public static ApplicationContext of(PropertySource... sources) {
        DefaultApplicationContext context = new DefaultApplicationContext("test") {
            @Override
            @SuppressWarnings({"rawtypes", "unchecked"})
            protected void initializeContext(List contextScopeBeans, List processedBeans, List parallelBeans) {
                List none = List.of();
                super.initializeContext(none, none, none); // type converters, no eager bean
            }
        };
        for (PropertySource source : sources) {
            context.getEnvironment().addPropertySource(source);
        }
        context.start();
        return context;
    }

    /** A started context over {@code properties} (nested maps and lists as YAML gives them). */
    public static ApplicationContext of(Map<String, Object> properties) {
        return of(PropertySource.of("test-properties", properties));
    }
}
