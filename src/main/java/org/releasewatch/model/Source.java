package org.releasewatch.model;

/** Provenance of an event (who reported it, where); carried into alert evidence. */
public record Source(String name, String url) {
}
