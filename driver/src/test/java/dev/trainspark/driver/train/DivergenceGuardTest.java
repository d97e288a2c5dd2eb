package dev.trainspark.driver.train;

import dev.trainspark.driver.config.DivergenceConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DivergenceGuardTest {
    private static final DivergenceConfig DEFAULTS = DivergenceConfig.defaults();

    @Test
    void theFirstFiniteRoundIsTheReferenceAndOnlyANonFiniteOneFailsIt() {
        DivergenceGuard guard = new DivergenceGuard(DEFAULTS, 2.0, Double.NaN, 0);
        assertTrue(guard.diverged(Double.NaN));
        assertTrue(guard.diverged(Double.POSITIVE_INFINITY));
        assertFalse(guard.diverged(50), "a bad start is warned about, not rolled back");
        assertEquals(150, guard.limit(), 1e-12);
        assertFalse(guard.diverged(150));
        assertTrue(guard.diverged(150.1));
    }

    @Test
    void aSmallInitialLossIsFlooredAtTheUntrainedNetworks() {
        // A warm start may begin near zero; noise above three times that is not divergence.
        DivergenceGuard guard = new DivergenceGuard(DEFAULTS, 2.0, 0.05, 0);
        assertEquals(6.0, guard.limit(), 1e-12);
        assertFalse(guard.diverged(0.5));
        assertTrue(guard.diverged(6.5));
    }

    @Test
    void rollBacksLowerTheRateUntilTheyAreSpent() {
        DivergenceGuard guard = new DivergenceGuard(new DivergenceConfig(3.0, 0.1, 2), 2.0, 2.0, 1);
        assertTrue(guard.mayRollBack());
        assertEquals(0.01, guard.rollBack(0.1), 1e-15);
        assertEquals(2, guard.rollbacks());
        assertFalse(guard.mayRollBack());
        assertFalse(new DivergenceGuard(new DivergenceConfig(3.0, 0.5, 0), 2.0, Double.NaN, 0).mayRollBack());
    }
}
