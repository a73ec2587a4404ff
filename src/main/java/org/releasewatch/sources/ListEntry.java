package org.releasewatch.sources;

import java.util.List;

/**
 * One entry of a sanctions list, normalised: the list's own id, a display name, what it is, the programmes it is
 * listed under and the countries its record names. Lists are sorted and de-duplicated so that two fetches of the
 * same entry compare equal.
 *
 * @param id               the list's own id for the entry (OFAC uid, EU logicalId, UN reference number, UK unique id)
 * @param name             primary name
 * @param kind             {@code person}, {@code company}, {@code vessel}, {@code aircraft} or {@code other}
 * @param programmes       programme / regime codes as the list writes them (e.g. {@code BELARUS-EO14038}, {@code BLR})
 * @param addressCountries alpha-2 codes of the countries of its addresses
 * @param nationalities    alpha-2 codes of its nationalities, citizenships, or a vessel's flag
 * @param unknownCountries country names in the record that could not be read as a country (shown by
 *                         {@code sources check})
 */
public record ListEntry(String id, String name, String kind, List<String> programmes, List<String> addressCountries,
                        List<String> nationalities, List<String> unknownCountries) {

    public ListEntry {
        programmes = sorted(programmes);
        addressCountries = sorted(addressCountries);
        nationalities = sorted(nationalities);
        unknownCountries = sorted(unknownCountries);
    }

    private static List<String> sorted(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).distinct().sorted().toList();
    }

    /** The contract's {@code target.kind}: vessels and aircraft are {@code other}. */
    public String targetKind() {
        return switch (kind) {
            case "person", "company" -> kind;
            default -> "other";
        };
    }
}
