package org.releasewatch.sources.roster;

/**
 * One person as a roster lists them, the mapped columns only, trimmed; {@code country} and {@code status} are null
 * when the roster has no such column or the cell is empty.
 *
 * @param line the line the row starts on, for errors
 */
public record RosterRow(int line, String id, String name, String country, String status) {
}
