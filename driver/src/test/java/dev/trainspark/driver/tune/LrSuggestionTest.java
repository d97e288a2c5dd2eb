package dev.trainspark.driver.tune;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suggestion rule on synthetic loss curves whose steepest point and minimum are known. */
class LrSuggestionTest {
    /** Rates from 1e-7 to 10, ten points per decade: log10 of rate i is -7 + i / 10. */
    private static double[] rates() {
        double[] rates = new double[81];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = Math.pow(10, -7 + i / 10.0);
        }
        return rates;
    }

    /**
     * A loss that falls as {@code 2 - tanh(2 (x + 3))} in x = log10(rate), steepest at x = -3, and
     * climbs as {@code 20 (x + 1)^2} above x = -1, so its minimum is near 1e-1 (-1).
     */
    private static double[] curve(double[] rates) {
        double[] loss = new double[rates.length];
        for (int i = 0; i < rates.length; i++) {
            double x = Math.log10(rates[i]);
            loss[i] = 2 - Math.tanh(2 * (x + 3)) + (x > -1 ? 20 * (x + 1) * (x + 1) : 0);
        }
        return loss;
    }

    @Test
    void suggestsTheRateOfTheSteepestDescentAndReportsTheMinimumOverTen() {
        double[] rates = rates();
        LrSuggestion s = LrSuggestion.of(rates, curve(rates));
        assertTrue(s.descended());
        assertEquals(40, s.steepestIndex(), "log10 rate -3");
        assertEquals(1e-3, s.suggested(), 1e-15);
        assertEquals("0.001", s.rounded());
        // The central difference over x = -3 +- 0.1 (the derivative itself is -2 there).
        assertEquals(-2 * Math.tanh(0.2) / 0.2, s.slope(), 1e-9);
        int expectedMin = 0;
        double[] loss = curve(rates);
        for (int i = 0; i < loss.length; i++) {
            expectedMin = loss[i] < loss[expectedMin] ? i : expectedMin;
        }
        assertEquals(expectedMin, s.minIndex());
        assertEquals(rates[expectedMin] / 10, s.minRateOverTen(), 1e-15);
        assertTrue(s.minRate() > s.suggested(), "the minimum comes after the steepest descent");
    }

    @Test
    void aDropInTheFirstIterationsOrAfterTheMinimumIsNotTheSuggestion() {
        double[] rates = rates();
        double[] loss = curve(rates);
        // Noise where the average rests on few losses: a drop steeper than the real descent (3 to 1.5,
        // still above the minimum near 1).
        loss[3] = loss[2] - 1.5;
        // And a spike on the way to divergence, whose fall is steeper still but stays above the minimum.
        loss[70] = loss[69] + 40;
        LrSuggestion s = LrSuggestion.of(rates, loss);
        assertTrue(LrSuggestion.slopesPerDecade(rates, loss, loss.length)[71] < -40, "the spike's fall is the steepest");
        assertTrue(LrSuggestion.slopesPerDecade(rates, loss, loss.length)[2] < -5, "and so is the early drop's");
        assertEquals(40, s.steepestIndex());
    }

    @Test
    void aCurveThatEndsInNanIsReadUpToItsLastNumber() {
        double[] rates = rates();
        double[] loss = curve(rates);
        for (int i = 60; i < loss.length; i++) {
            loss[i] = Double.NaN;
        }
        LrSuggestion s = LrSuggestion.of(rates, loss);
        assertEquals(40, s.steepestIndex());
        assertTrue(s.minIndex() < 60);
    }

    @Test
    void aLossThatNeverFallsFallsBackToTheMinimumOverTen() {
        double[] rates = {1e-3, 1e-2, 1e-1, 1};
        LrSuggestion s = LrSuggestion.of(rates, new double[] {1, 2, 3, 9});
        assertFalse(s.descended());
        assertEquals(0, s.minIndex());
        assertEquals(1e-4, s.suggested(), 1e-18);
        assertThrows(IllegalArgumentException.class, () -> LrSuggestion.of(rates, new double[] {1, Double.NaN, 2, 3}));
    }

    @Test
    void theRoundedSuggestionHasTwoSignificantDigitsAndNoExponent() {
        LrSuggestion s = new LrSuggestion(1.2345e-4, true, 5, 1.2345e-4, -1, 9, 1e-3, 1);
        assertEquals("0.00012", s.rounded());
    }
}
