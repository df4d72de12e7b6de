package io.parley.insights.service;

/**
 * What a batch write did with its valid events.
 *
 * @param counted    added to the figures
 * @param duplicates already counted earlier (redelivery): nothing changed
 * @param late       older than the allowed lateness: dropped
 */
public record Tally(int counted, int duplicates, int late) {

    public static final Tally NONE = new Tally(0, 0, 0);

    public Tally plus(Tally other) {
        return new Tally(counted + other.counted, duplicates + other.duplicates, late + other.late);
    }
}
