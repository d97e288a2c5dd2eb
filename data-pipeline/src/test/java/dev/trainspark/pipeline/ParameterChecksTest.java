package dev.trainspark.pipeline;

import org.junit.jupiter.api.Test;

import static dev.trainspark.pipeline.ParameterChecks.AGAINST_DATA;
import static dev.trainspark.pipeline.ParameterChecks.CONFIG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParameterChecksTest {

    @Test
    void everyRejectionSaysKeyValueAndWhatIsAccepted() {
        assertEquals("train.epochs is 0; accepted: an integer > 0",
                assertThrows(IllegalArgumentException.class, () -> CONFIG.positive("train.epochs", 0)).getMessage());
        assertEquals("cv.p is 0; accepted: an integer >= 1",
                assertThrows(IllegalArgumentException.class, () -> CONFIG.atLeast("cv.p", 0, 1)).getMessage());
        assertEquals("metrics.ece_bins is 10001; accepted: an integer from 1 to 10000",
                assertThrows(IllegalArgumentException.class, () -> CONFIG.between("metrics.ece_bins", 10_001, 1, 10_000))
                        .getMessage());
        assertEquals("split.test_fraction is 1.0; accepted: a number in (0, 1)",
                assertThrows(IllegalArgumentException.class, () -> CONFIG.fraction("split.test_fraction", 1.0)).getMessage());
        assertEquals("split.long_tail_ratio is Infinity; accepted: a finite number >= 1",
                assertThrows(IllegalArgumentException.class,
                        () -> CONFIG.finiteAtLeast("split.long_tail_ratio", Double.POSITIVE_INFINITY, 1)).getMessage());
        assertEquals("cv.scheme is 'loo'; accepted: kfold", CONFIG.rejection("cv.scheme", "loo", "kfold").getMessage());
        assertEquals("metrics.curve_mode is not set; accepted: exact or binned",
                CONFIG.rejection("metrics.curve_mode", null, "exact or binned").getMessage());
    }

    @Test
    void boundsAreIncludedWhereTheyAreAcceptedAndNaNIsNeverAccepted() {
        assertEquals(1, CONFIG.positive("k", 1));
        assertEquals(2, CONFIG.atLeast("k", 2, 2));
        assertEquals(10, CONFIG.between("k", 10, 1, 10));
        assertEquals(1.0, CONFIG.finiteAtLeast("k", 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> CONFIG.fraction("k", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> CONFIG.finiteAtLeast("k", Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> CONFIG.fraction("k", 0.0));
    }

    @Test
    void configRejectionsAreIllegalArgumentsAndDataRejectionsAreBadParameters() {
        IllegalArgumentException config = assertThrows(IllegalArgumentException.class, () -> CONFIG.positive("k", -1));
        assertFalse(config instanceof BadParameterException, "a config value is rejected as a plain illegal argument");
        BadParameterException data = assertThrows(BadParameterException.class,
                () -> AGAINST_DATA.between("rebalance.k_neighbors", 7, 1, 4));
        assertEquals("rebalance.k_neighbors is 7; accepted: an integer from 1 to 4", data.getMessage());
    }
}
