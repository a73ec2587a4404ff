package org.releasewatch.model;

import java.util.List;

/** A released person as reported: {@code id} is stable across reports and sources (e.g. {@code viasna:1234}). */
public record Person(String id, String name, List<String> tags) {
    public Person {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
