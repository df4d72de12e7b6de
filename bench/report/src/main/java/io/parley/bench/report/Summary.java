package io.parley.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Median and spread (min-max) of one figure over the rounds of a scenario/server.
 *
 * @param n      how many values (runs that produced the figure)
 * @param median the median (the mean of the two middle values for an even count); NaN when n is 0
 * @param min    the smallest value; NaN when n is 0
 * @param max    the largest value; NaN when n is 0
 */
public record Summary(int n, double median, double min, double max) {

    public static final Summary EMPTY = new Summary(0, Double.NaN, Double.NaN, Double.NaN);

    /** Summarises the values; null and NaN values (a run without that figure) are left out. */
    public static Summary of(List<Double> values) {
        List<Double> v = new ArrayList<>();
        for (Double d : values) {
            if (d != null && !d.isNaN() && !d.isInfinite()) {
                v.add(d);
            }
        }
        if (v.isEmpty()) {
            return EMPTY;
        }
        Collections.sort(v);
        int n = v.size();
        double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2.0;
        return new Summary(n, median, v.get(0), v.get(n - 1));
    }

    public boolean measured() {
        return n > 0;
    }

    /** Spread as a fraction of the median ((max - min) / median); NaN when not measured or the median is 0. */
    public double relativeSpread() {
        return !measured() || median == 0 ? Double.NaN : (max - min) / Math.abs(median);
    }

    /**
     * The ratio of two medians (e.g. Parley / Node); NaN when either is not measured or the denominator is 0.
     */
    public static double ratio(Summary numerator, Summary denominator) {
        Objects.requireNonNull(numerator);
        Objects.requireNonNull(denominator);
        if (!numerator.measured() || !denominator.measured() || denominator.median == 0) {
            return Double.NaN;
        }
        return numerator.median / denominator.median;
    }
}
