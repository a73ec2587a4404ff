package org.releasewatch.sources.format;

import org.releasewatch.sources.Countries;
import org.releasewatch.sources.ListEntry;

import java.util.ArrayList;
import java.util.List;

/** Collects one entry's fields; country names are read as alpha-2 codes, the ones that are not are kept apart. */
final class EntryBuilder {

    private static final int MAX_NAME = 256;

    private final String id;
    private String name;
    private String kind = "other";
    private final List<String> programmes = new ArrayList<>();
    private final List<String> addressCountries = new ArrayList<>();
    private final List<String> nationalities = new ArrayList<>();
    private final List<String> unknown = new ArrayList<>();

    EntryBuilder(String id) {
        this.id = id;
    }

    EntryBuilder name(String value) {
        if (name == null && value != null && !value.isBlank()) {
            String n = value.trim().replaceAll("\\s+", " ");
            name = n.length() > MAX_NAME ? n.substring(0, MAX_NAME) : n;
        }
        return this;
    }

    EntryBuilder kind(String value) {
        kind = value;
        return this;
    }

    EntryBuilder programme(String value) {
        if (value != null && !value.isBlank()) {
            programmes.add(value.trim());
        }
        return this;
    }

    EntryBuilder addressCountry(String nameOrCode) {
        country(nameOrCode, addressCountries);
        return this;
    }

    EntryBuilder nationality(String nameOrCode) {
        country(nameOrCode, nationalities);
        return this;
    }

    private void country(String value, List<String> into) {
        if (value == null || value.isBlank()) {
            return;
        }
        Countries.get().code(value).ifPresentOrElse(into::add, () -> unknown.add(value.trim()));
    }

    ListEntry build() {
        return new ListEntry(id, name == null ? id : name, kind, programmes, addressCountries, nationalities, unknown);
    }
}
