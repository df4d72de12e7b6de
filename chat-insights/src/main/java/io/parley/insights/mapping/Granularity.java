package io.parley.insights.mapping;

/** Bucket size of a series. */
public enum Granularity {
    MINUTE(60_000L), HOUR(3_600_000L);

    private final long millis;

    Granularity(long millis) {
        this.millis = millis;
    }

    public long millis() {
        return millis;
    }
}
