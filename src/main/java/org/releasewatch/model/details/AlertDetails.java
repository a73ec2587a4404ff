package org.releasewatch.model.details;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;

/**
 * The {@code details} of an alert, one record per rule: a rule builds its record and the one JSON mapper writes it
 * (field names and order as the contract's alert schema gives them, absent values as {@code null}); a reader of an
 * alert gets it back with {@link #of}.
 */
public sealed interface AlertDetails
        permits WatchlistReleaseDetails, MassReleaseDetails, SanctionsChangeDetails, LinkedReliefDetails {

    /** This record as the alert's {@code details}. */
    default JsonNode json() {
        return Json.tree(this);
    }

    /** The record type of a rule's details. */
    static Class<? extends AlertDetails> type(AlertRule rule) {
        return switch (rule) {
            case WATCHLIST_RELEASE -> WatchlistReleaseDetails.class;
            case MASS_RELEASE -> MassReleaseDetails.class;
            case SANCTIONS_CHANGE -> SanctionsChangeDetails.class;
            case LINKED_RELIEF -> LinkedReliefDetails.class;
        };
    }

    /**
     * The details of {@code alert} as the record of its rule ({@code type}, which must be its rule's). A field the
     * alert lacks (written by an older version, or cut to fit the size limit) is null; details that are not an object
     * of the rule's shape read as a record of nulls, so that a reader shows what it can rather than fail.
     */
    static <T extends AlertDetails> T of(Alert alert, Class<T> type) {
        if (type != type(alert.rule())) {
            throw new IllegalArgumentException("the details of a " + alert.rule() + " alert are a " + type(alert.rule()).getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        JsonNode details = alert.details();
        try {
            if (details != null && details.isObject()) {
                return Json.MAPPER.treeToValue(details, type);
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // not of the rule's shape: nothing of it is shown
        }
        try {
            return Json.MAPPER.treeToValue(Json.MAPPER.createObjectNode(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot make an empty " + type.getSimpleName(), e);
        }
    }
}
