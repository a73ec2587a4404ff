package org.releasewatch.bench;

/** The bench's figures to one decimal (CPU seconds per 1 000 events to three): what a reader of result.json compares. */
final class Decimals {

    private Decimals() {
    }

    static double one(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double three(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
