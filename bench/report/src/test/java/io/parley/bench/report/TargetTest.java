package io.parley.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.parley.bench.report.Target.Comparison;

class TargetTest {

    private final Target atMost = new Target("a-p99", "a", "p99", Comparison.AT_MOST, 0.2, true, "");
    private final Target atLeast = new Target("b", "b", "deliveries", Comparison.AT_LEAST, 3, true, "");
    private final Target below = new Target("f", "f", "p99", Comparison.BELOW, 250, false, "ms");

    @Test
    void atMostIncludesTheThreshold() {
        assertEquals(Verdict.MET, atMost.evaluate(0.2));
        assertEquals(Verdict.MET, atMost.evaluate(0.05));
        assertEquals(Verdict.NOT_MET, atMost.evaluate(0.21));
    }

    @Test
    void atLeastIncludesTheThreshold() {
        assertEquals(Verdict.MET, atLeast.evaluate(3.0));
        assertEquals(Verdict.NOT_MET, atLeast.evaluate(2.99));
    }

    @Test
    void belowExcludesTheThreshold() {
        assertEquals(Verdict.MET, below.evaluate(249.9));
        assertEquals(Verdict.NOT_MET, below.evaluate(250));
    }

    @Test
    void aMissingValueIsNotMeasured() {
        assertEquals(Verdict.NOT_MEASURED, atLeast.evaluate(Double.NaN));
        assertEquals(Verdict.NOT_MEASURED, atLeast.evaluate(Double.NaN, false));
    }

    @Test
    void aFailedPremiseMakesAMeasuredValueInconclusive() {
        assertEquals(Verdict.INCONCLUSIVE, atLeast.evaluate(4.0, false));
        assertEquals(Verdict.INCONCLUSIVE, atLeast.evaluate(1.0, false));
        assertEquals(Verdict.MET, atLeast.evaluate(4.0, true));
    }

    @Test
    void texts() {
        assertEquals("<= 0.20x Node", atMost.thresholdText());
        assertEquals("0.15x", atMost.valueText(0.153));
        assertEquals("< 250 ms", below.thresholdText());
        assertEquals("61 234 msg/s", new Target("t", "f", "", Comparison.AT_LEAST, 50_000, false, "msg/s")
                .valueText(61_234));
    }
}
