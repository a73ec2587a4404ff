package org.releasewatch.sources.format;

import java.util.List;
import java.util.Optional;

/** The list formats the service reads. */
public final class Formats {

    public static final List<ListFormat> ALL = List.of(new OfacSdnXml(), new EuFsfXml(), new UnScXml(), new UkSanctionsListXml());

    private Formats() {
    }

    public static Optional<ListFormat> byName(String name) {
        return ALL.stream().filter(f -> f.name().equals(name == null ? null : name.trim())).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(ListFormat::name).toList();
    }
}
