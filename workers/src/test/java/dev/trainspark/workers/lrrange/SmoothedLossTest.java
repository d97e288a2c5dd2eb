package dev.trainspark.workers.lrrange;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fast.ai's smoothing: a bias-corrected moving average; diverged above 4 x its lowest or at NaN. */
class SmoothedLossTest {
    @Test
    void biasCorrectionMakesTheFirstValueTheFirstLossAndKeepsAConstantLossConstant() {
        SmoothedLoss s = SmoothedLoss.start().next(2.5);
        assertEquals(2.5, s.value(), 1e-12);
        for (int i = 0; i < 30; i++) {
            s = s.next(2.5);
            assertEquals(2.5, s.value(), 1e-9);
        }
    }

    @Test
    void isTheBiasCorrectedExponentialMovingAverage() {
        double[] losses = {3, 1, 2};
        SmoothedLoss s = SmoothedLoss.start();
        for (double loss : losses) {
            s = s.next(loss);
        }
        double b = SmoothedLoss.BETA;
        double average = (1 - b) * (b * b * 3 + b * 1 + 2);
        assertEquals(average / (1 - b * b * b), s.value(), 1e-12);
        // The lowest smoothed value so far was after the second loss.
        double second = (1 - b) * (b * 3 + 1) / (1 - b * b);
        assertEquals(second, s.best(), 1e-12);
    }

    @Test
    void divergesAboveFourTimesTheLowestAndWhenTheLossIsNotANumber() {
        SmoothedLoss low = SmoothedLoss.start().next(1.0);
        assertFalse(low.diverged());
        SmoothedLoss before = low;
        SmoothedLoss s = low.next(100);
        int steps = 1;
        while (!s.diverged()) {
            before = s;
            s = s.next(100);
            steps++;
            assertTrue(steps < 100, "a loss 100 x the lowest must diverge the smoothed loss");
        }
        assertTrue(before.value() <= 4 * before.best(), "not diverged one step earlier: " + before);
        assertTrue(s.value() > 4 * s.best(), s.toString());
        assertEquals(1.0, s.best(), 1e-12);
        assertTrue(low.next(Double.NaN).diverged());
        assertFalse(SmoothedLoss.start().diverged(), "nothing seen, nothing diverged");
    }
}
