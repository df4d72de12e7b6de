package io.parley.bench.report;

import java.util.Locale;

/**
 * One target of issue #8: a figure (a ratio of Parley's median to the reference's, or an absolute value)
 * compared with a threshold.
 *
 * @param id          short id, e.g. "a-p99"
 * @param scenario    the scenario that measures it
 * @param description the target as the issue words it
 * @param comparison  how the measured value must relate to the threshold
 * @param threshold   the threshold
 * @param ratio       true: the value is Parley / Node (shown as "0.15x"); false: an absolute figure
 * @param unit        unit of an absolute figure ("msg/s", "ms"); empty for ratios and counts
 */
public record Target(String id, String scenario, String description, Comparison comparison, double threshold,
        boolean ratio, String unit) {

    /** How a measured value must compare with the threshold. */
    public enum Comparison {
        AT_MOST("<="), AT_LEAST(">="), BELOW("<"), EQUAL("=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean holds(double value, double threshold) {
            return switch (this) {
                case AT_MOST -> value <= threshold;
                case AT_LEAST -> value >= threshold;
                case BELOW -> value < threshold;
                case EQUAL -> value == threshold;
            };
        }
    }

    /** MET or NOT_MET for a measured value; NOT_MEASURED for NaN (a side of the ratio is missing). */
    public Verdict evaluate(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Verdict.NOT_MEASURED;
        }
        return comparison.holds(value, threshold) ? Verdict.MET : Verdict.NOT_MET;
    }

    /**
     * As {@link #evaluate(double)}, but a measured value is INCONCLUSIVE when the premise of the measurement
     * failed (e.g. the load generator saturated, so the figure does not show the server's limit).
     */
    public Verdict evaluate(double value, boolean premiseHolds) {
        Verdict v = evaluate(value);
        return v == Verdict.NOT_MEASURED || premiseHolds ? v : Verdict.INCONCLUSIVE;
    }

    /** The target as text, e.g. "<= 0.2x Node" or "< 250 ms". */
    public String thresholdText() {
        return comparison.symbol() + " " + format(threshold) + (ratio ? "x Node" : unit.isEmpty() ? "" : " " + unit);
    }

    /** A measured value in the target's terms, e.g. "0.153x" or "61 234 msg/s". */
    public String valueText(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return ratio ? String.format(Locale.ROOT, "%.2fx", value) : format(value) + (unit.isEmpty() ? "" : " " + unit);
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Figures.grouped((long) v);
        }
        return Math.abs(v) >= 100 ? Figures.grouped(Math.round(v)) : String.format(Locale.ROOT, "%.2f", v);
    }
}
