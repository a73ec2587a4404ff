package org.releasewatch.model;

/** The sanctioned entity; {@code kind} is one of company, person, sector, government, other (or null). */
public record SanctionTarget(String id, String name, String kind) {
}
