package dev.trainspark.pipeline.split;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Values worked by hand from Efron and Tibshirani (1997), equations (24), (27), (31), (32). */
class BootstrapEstimateTest {
    private static final double EPS = 1e-12;
    // 100 rows: true class 0 = 50, class 1 = 50; predicted class 0 = 60, class 1 = 40.
    private static final long[][] CONFUSION = {{40, 10}, {20, 30}};

    @Test
    void noInformationRate() {
        // gamma = 0.5 * (1 - 0.6) + 0.5 * (1 - 0.4) = 0.5
        assertEquals(0.5, BootstrapEstimate.noInformationError(CONFUSION), EPS);
        // three classes: p = (0.5, 0.3, 0.2), q = (0.4, 0.4, 0.2): 0.5*0.6 + 0.3*0.6 + 0.2*0.8 = 0.64
        long[][] three = {{3, 1, 1}, {1, 2, 0}, {0, 1, 1}};
        assertEquals(0.64, BootstrapEstimate.noInformationError(three), EPS);
    }

    @Test
    void moderateOverfitting() {
        // err = 0.3, err1 = 0.4: .632 = 0.1104 + 0.2528 = 0.3632; R = 0.1 / 0.2 = 0.5;
        // w = 0.632 / 0.816; .632+ = 0.3 + 0.1 w = 0.37745098039215685
        BootstrapEstimate e = BootstrapEstimate.of(0.3, 0.4, CONFUSION);
        assertEquals(0.3632, e.err632(), EPS);
        assertEquals(0.5, e.relativeOverfitting(), EPS);
        assertEquals(0.632 / 0.816, e.weight(), EPS);
        assertEquals(0.3 + 0.1 * 0.632 / 0.816, e.err632Plus(), EPS);
    }

    @Test
    void outOfBagErrorAboveNoInformationIsCapped() {
        // err = 0.1, err1 = 0.6 > gamma = 0.5: err1' = 0.5, R' = 1, .632 = 0.0368 + 0.3792 = 0.416,
        // .632+ = 0.416 + 0.4 * 0.368 = 0.5632
        BootstrapEstimate e = BootstrapEstimate.of(0.1, 0.6, CONFUSION);
        assertEquals(1.0, e.relativeOverfitting(), EPS);
        assertEquals(0.416, e.err632(), EPS);
        assertEquals(0.5632, e.err632Plus(), EPS);
    }

    @Test
    void noMeasurableOverfittingFallsBackToPoint632() {
        // err1 <= err: R' = 0 and .632+ = .632 = 0.368 * 0.3 + 0.632 * 0.25 = 0.2684
        BootstrapEstimate below = BootstrapEstimate.of(0.3, 0.25, CONFUSION);
        assertEquals(0.0, below.relativeOverfitting(), EPS);
        assertEquals(0.2684, below.err632Plus(), EPS);
        // gamma <= err: R' = 0; err1' = min(0.7, 0.5) = 0.5, .632+ = .632 = 0.368 * 0.6 + 0.632 * 0.7 = 0.6632
        BootstrapEstimate worse = BootstrapEstimate.of(0.6, 0.7, CONFUSION);
        assertEquals(0.0, worse.relativeOverfitting(), EPS);
        assertEquals(0.6632, worse.err632Plus(), EPS);
    }

    @Test
    void refusesBadInputs() {
        assertThrows(IllegalArgumentException.class, () -> BootstrapEstimate.of(-0.1, 0.2, CONFUSION));
        assertThrows(IllegalArgumentException.class, () -> BootstrapEstimate.of(0.1, 1.2, CONFUSION));
        assertThrows(IllegalArgumentException.class, () -> BootstrapEstimate.of(0.1, 0.2, new long[][] {{0, 0}, {0, 0}}));
        assertThrows(IllegalArgumentException.class, () -> BootstrapEstimate.of(0.1, 0.2, new long[][] {{1, 0}}));
    }
}
