package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.BadDataException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassWeightsTest {
    @Test
    void inverseFrequencyIsSklearnsBalanced() {
        // n = 100, k = 3: 100 / (3 * n_c)
        assertArrayEquals(new double[]{100.0 / 30, 100.0 / 90, 100.0 / 180},
                ClassWeights.inverseFrequency(new long[]{10, 30, 60}), 1e-12);
        assertArrayEquals(new double[]{1, 1}, ClassWeights.inverseFrequency(new long[]{7, 7}), 1e-12);
    }

    @Test
    void effectiveNumberIsCuiEtAlNormalisedToTheClassCount() {
        // (1 - 0.9) / (1 - 0.9^n) for n = 10, 30, 60: 0.1535343, 0.1044267, 0.1001800; times 3 / their sum.
        assertArrayEquals(new double[]{1.2860919313779284, 0.8747406732493587, 0.8391673953727131},
                ClassWeights.effectiveNumber(new long[]{10, 30, 60}, 0.9), 1e-12);
        assertArrayEquals(new double[]{1, 1, 1}, ClassWeights.effectiveNumber(new long[]{5, 5, 5}, 0.9999), 1e-12);
        // beta -> 0 weighs every class alike; beta near 1 approaches inverse frequency (normalised).
        double[] nearOne = ClassWeights.effectiveNumber(new long[]{10, 1000}, 1 - 1e-9);
        assertArrayEquals(new double[]{2 * 100.0 / 101, 2 * 1.0 / 101}, nearOne, 1e-6);
    }

    @Test
    void validation() {
        IllegalArgumentException beta = assertThrows(IllegalArgumentException.class,
                () -> ClassWeights.effectiveNumber(new long[]{1, 2}, 1.0));
        assertTrue(beta.getMessage().contains("rebalance.beta is 1.0"));
        assertThrows(IllegalArgumentException.class, () -> ClassWeights.effectiveNumber(new long[]{1, 2}, 0));
        assertThrows(BadDataException.class, () -> ClassWeights.inverseFrequency(new long[]{3, 0}));
        assertThrows(BadDataException.class, () -> ClassWeights.inverseFrequency(new long[0]));
    }
}
