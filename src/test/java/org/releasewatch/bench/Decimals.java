package org.releasewatch.bench;

/** The bench's figures to one decimal: what a reader of result.json compares. */
final class Decimals {

    private Decimals() {
    }

    static double one(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
