package io.parley.bench.report;

/** Whether a target of issue #8 is met by the measured figures. */
public enum Verdict {
    MET("met"),
    NOT_MET("not met"),
    /** Measured, but the figure cannot count (e.g. the load generator was the limit). */
    INCONCLUSIVE("inconclusive"),
    NOT_MEASURED("not measured");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
