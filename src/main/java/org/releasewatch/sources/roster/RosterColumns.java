package org.releasewatch.sources.roster;

import java.util.Map;

/**
 * Which column (CSV header) or field (JSON lines) holds what: {@code id} and {@code name} are required,
 * {@code country} and {@code status} optional (null).
 */
public record RosterColumns(String id, String name, String country, String status) {

    /** From the configured {@code columns} map; missing required keys are the configuration check's to report. */
    public static RosterColumns of(Map<String, String> columns) {
        return new RosterColumns(columns.get("id"), columns.get("name"), columns.get("country"), columns.get("status"));
    }
}
