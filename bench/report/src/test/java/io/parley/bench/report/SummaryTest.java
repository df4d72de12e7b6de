package io.parley.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        Summary s = Summary.of(List.of(30.0, 10.0, 20.0));
        assertEquals(3, s.n());
        assertEquals(20.0, s.median());
        assertEquals(10.0, s.min());
        assertEquals(30.0, s.max());
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        Summary s = Summary.of(List.of(4.0, 1.0, 3.0, 100.0));
        assertEquals(3.5, s.median());
        assertEquals(1.0, s.min());
        assertEquals(100.0, s.max());
    }

    @Test
    void runsWithoutTheFigureAreLeftOut() {
        Summary s = Summary.of(Arrays.asList(5.0, null, Double.NaN, 7.0));
        assertEquals(2, s.n());
        assertEquals(6.0, s.median());
    }

    @Test
    void noValuesIsNotMeasured() {
        Summary s = Summary.of(List.of());
        assertFalse(s.measured());
        assertTrue(Double.isNaN(s.median()));
        assertTrue(Double.isNaN(s.relativeSpread()));
    }

    @Test
    void spreadIsMaxMinusMinOverTheMedian() {
        assertEquals(0.5, Summary.of(List.of(90.0, 100.0, 140.0)).relativeSpread(), 1e-9);
        assertEquals(0.0, Summary.of(List.of(8.0)).relativeSpread());
    }

    @Test
    void ratioOfMedians() {
        Summary parley = Summary.of(List.of(300.0, 310.0, 290.0));
        Summary node = Summary.of(List.of(100.0, 90.0, 120.0));
        assertEquals(3.0, Summary.ratio(parley, node), 1e-9);
    }

    @Test
    void ratioIsNaNWhenASideIsMissingOrZero() {
        Summary some = Summary.of(List.of(1.0));
        assertTrue(Double.isNaN(Summary.ratio(some, Summary.EMPTY)));
        assertTrue(Double.isNaN(Summary.ratio(Summary.EMPTY, some)));
        assertTrue(Double.isNaN(Summary.ratio(some, Summary.of(List.of(0.0)))));
    }
}
