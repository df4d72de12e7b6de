package io.parley.bench.report;

import java.util.Locale;

/** Number formatting for the report. */
public final class Figures {

    private Figures() {
    }

    /** 123456 -> "123 456" (thin grouping that reads the same in every locale). */
    public static String grouped(long v) {
        String s = Long.toString(Math.abs(v));
        StringBuilder out = new StringBuilder();
        int lead = s.length() % 3;
        for (int i = 0; i < s.length(); i++) {
            if (i > 0 && (i - lead) % 3 == 0) {
                out.append(' ');
            }
            out.append(s.charAt(i));
        }
        return (v < 0 ? "-" : "") + out;
    }

    /** A figure with sensible precision: integers grouped above 100, two decimals below 10, one below 100. */
    public static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e15) {
            return grouped((long) v);
        }
        if (a >= 100) {
            return grouped(Math.round(v));
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** "median (min-max)" or "median" for one value, "n/a" when not measured. */
    public static String summary(Summary s) {
        if (!s.measured()) {
            return "n/a";
        }
        if (s.n() == 1 || s.min() == s.max()) {
            return fmt(s.median());
        }
        return fmt(s.median()) + " (" + fmt(s.min()) + "–" + fmt(s.max()) + ")";
    }

    /** As {@link #summary(Summary)} with a unit suffix (e.g. " ms") when measured. */
    public static String summary(Summary s, String unit) {
        return s.measured() ? summary(s) + unit : "n/a";
    }

    public static String ratio(double r) {
        return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2fx", r);
    }
}
