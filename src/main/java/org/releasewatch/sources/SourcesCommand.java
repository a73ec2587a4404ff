package org.releasewatch.sources;

import org.releasewatch.sources.format.Formats;
import org.releasewatch.sources.format.ListFormat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code java -jar releasewatch.jar sources check --format ofac-sdn-xml --file sdn.xml}: reads a downloaded list as
 * the service would and prints what it found — entries by kind, programme (with the country it maps to, or that it
 * maps to none) and country, and the entries no country could be found for — for someone configuring a new list or
 * extending {@code sources/programmes.csv}. With {@code --format csv} or {@code json-lines} it checks a prisoner
 * roster instead ({@link RosterCheck}). Needs no Kafka.
 */
public final class SourcesCommand {

    private SourcesCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String usage = "usage: java -jar releasewatch.jar sources check --format " + String.join("|", Formats.names()) + " --file LIST.xml\n"
                + "       java -jar releasewatch.jar sources check --format csv|json-lines --file ROSTER --column id=HEADER "
                + "--column name=HEADER [--column country=HEADER] [--column status=HEADER --released-status VALUE...] "
                + "[--country CC] [--delimiter ,|;|tab] [--encoding CHARSET]";
        if (args.length < 2 || !args[1].equals("check") || args.length % 2 != 0) {
            err.println(usage);
            return 2;
        }
        List<Map.Entry<String, String>> options = new java.util.ArrayList<>();
        for (int i = 2; i + 1 < args.length; i += 2) {
            options.add(Map.entry(args[i], args[i + 1]));
        }
        String formatName = options.stream().filter(o -> o.getKey().equals("--format")).map(Map.Entry::getValue).findFirst().orElse(null);
        if (RosterConfigCheck.FORMATS.contains(formatName)) {
            return RosterCheck.run(options, out, err, usage);
        }
        String file = null;
        for (Map.Entry<String, String> o : options) {
            switch (o.getKey()) {
                case "--format" -> { }
                case "--file" -> file = o.getValue();
                default -> {
                    err.println("unknown option " + o.getKey() + "\n" + usage);
                    return 2;
                }
            }
        }
        if (formatName == null || file == null) {
            err.println(usage);
            return 2;
        }
        ListFormat format = Formats.byName(formatName).orElse(null);
        if (format == null) {
            err.println("--format: \"" + formatName + "\" is not one of " + Formats.names() + " or " + RosterConfigCheck.FORMATS);
            return 2;
        }
        ParsedList parsed;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(file)))) {
            parsed = ParsedList.read(format, in, Integer.MAX_VALUE);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 1;
        } catch (ListFormat.MalformedListException e) {
            err.println(file + " is not a complete " + format.name() + " list: " + e.getMessage());
            return 1;
        }
        print(format, parsed, out);
        return 0;
    }

    static void print(ListFormat format, ParsedList parsed, PrintStream out) {
        ProgrammeCountries programmes = ProgrammeCountries.get();
        Map<String, Integer> byKind = new TreeMap<>();
        Map<String, Integer> byProgramme = new TreeMap<>();
        Map<String, Integer> byCountry = new TreeMap<>();
        Map<String, Integer> unknownCountries = new TreeMap<>();
        Map<String, Integer> basis = new TreeMap<>();
        List<ListEntry> unresolved = new java.util.ArrayList<>();
        ChangeEvents events = new ChangeEvents(programmes);
        ChangeEvents.ListContext context = new ChangeEvents.ListContext("check", format, "file",
                java.time.Instant.EPOCH, "check", 0);
        Concerns concerns = events.concerns(format);
        for (ListEntry e : parsed.entries().values()) {
            byKind.merge(e.kind(), 1, Integer::sum);
            e.programmes().forEach(p -> byProgramme.merge(p, 1, Integer::sum));
            e.unknownCountries().forEach(c -> unknownCountries.merge(c, 1, Integer::sum));
            // the countries an IMPOSED or LIFTED event of this entry would name
            ChangeEvents.Result r = events.events(ListDiff.whole(org.releasewatch.model.SanctionAction.IMPOSED, e, concerns), context);
            if (r.unresolved()) {
                unresolved.add(e);
                basis.merge("unresolved", 1, Integer::sum);
            } else {
                basis.merge(r.basis(), 1, Integer::sum);
                r.events().forEach(ev -> byCountry.merge(ev.targetCountry(), 1, Integer::sum));
            }
        }
        out.printf("%s: %d entries%s%s%n", format.title(), parsed.entries().size(),
                parsed.publication().publishedAt() == null ? "" : ", published " + parsed.publication().publishedAt(),
                parsed.publication().declaredCount() == null ? "" : ", declares " + parsed.publication().declaredCount());
        out.println("\nby kind:");
        byKind.forEach((k, n) -> out.printf("  %-12s %7d%n", k, n));
        out.println("\nby programme (country from " + ProgrammeCountries.RESOURCE + "):");
        byProgramme.forEach((p, n) -> {
            List<String> c = programmes.countries(format.name(), p);
            out.printf("  %-28s %7d  %s%n", p, n, c.isEmpty() ? "- (not country-specific or not mapped)" : String.join(" ", c));
        });
        out.println("\nby target country (programme, else address, else nationality):");
        byCountry.forEach((c, n) -> out.printf("  %-4s %7d%n", c, n));
        out.println("\ncountry found by:");
        basis.forEach((b, n) -> out.printf("  %-12s %7d%n", b, n));
        if (!unknownCountries.isEmpty()) {
            out.println("\ncountry names not understood (add them to " + Countries.RESOURCE + "):");
            unknownCountries.forEach((c, n) -> out.printf("  %-40s %7d%n", c, n));
        }
        out.println("\nunresolved entries (no country: a change of these is counted and logged, no event written): " + unresolved.size());
        unresolved.stream().sorted(java.util.Comparator.comparing(ListEntry::id)).limit(200)
                .forEach(e -> out.printf("  %-16s %-40s %s%n", e.id(), e.name(), e.programmes()));
        if (unresolved.size() > 200) {
            out.println("  … and " + (unresolved.size() - 200) + " more");
        }
    }
}
