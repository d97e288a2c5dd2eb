package dev.trainspark.driver.train;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.LossSpec;
import dev.trainspark.models.NetworkSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loss of an untrained network for each configured loss, and when the first round is reported. */
class InitialLossTest {
    private static final NetworkSpec PLAIN = new NetworkSpec(Architecture.LENET, 28, 28, 1, 4, "adam", 1e-3, 0, 1);

    @Test
    void crossEntropyExpectsLnC() {
        assertEquals(Math.log(4), InitialLoss.expectedLoss(PLAIN, new long[]{10, 20, 30, 40}), 1e-12);
    }

    @Test
    void classWeightsScaleByTheExampleWeightedMeanWeight() {
        NetworkSpec weighted = PLAIN.withClassWeights(List.of(1.0, 2.0, 3.0, 4.0));
        // (10*1 + 20*2 + 30*3 + 40*4) / 100 = 3
        assertEquals(3 * Math.log(4), InitialLoss.expectedLoss(weighted, new long[]{10, 20, 30, 40}), 1e-12);
    }

    @Test
    void focalLossShrinksByOneMinusOneOverCToTheGammaAndTakesItsAlpha() {
        NetworkSpec focal = PLAIN.withLoss(new LossSpec(LossSpec.FOCAL, 2, List.of(0.5, 0.5, 1.0, 1.0)));
        double perExample = Math.log(4) * Math.pow(0.75, 2);
        assertEquals(perExample * 0.75, InitialLoss.expectedLoss(focal, new long[]{5, 5, 5, 5}), 1e-12);
        NetworkSpec focalWeighted = focal.withClassWeights(List.of(2.0, 2.0, 2.0, 2.0));
        assertEquals(perExample * 1.5, InitialLoss.expectedLoss(focalWeighted, new long[]{5, 5, 5, 5}), 1e-12);
        // Gamma 0 is cross-entropy.
        NetworkSpec gammaZero = PLAIN.withLoss(new LossSpec(LossSpec.FOCAL, 0, List.of()));
        assertEquals(Math.log(4), InitialLoss.expectedLoss(gammaZero, new long[]{5, 5, 5, 5}), 1e-12);
    }

    @Test
    void warnsOnlyOutsideTheFactorEitherWay() {
        InitialLoss check = InitialLoss.of(PLAIN, new long[]{1, 1, 1, 1}, 2);
        double lnC = Math.log(4);
        assertTrue(check.warning(lnC).isEmpty());
        assertTrue(check.warning(lnC * 1.9).isEmpty());
        assertTrue(check.warning(lnC / 1.9).isEmpty());
        String high = check.warning(lnC * 2.1).orElseThrow();
        assertTrue(high.contains("too high") && high.contains("1.3863") && high.contains("wrong input scaling")
                && high.contains("labels that do not match the outputs"), high);
        assertTrue(check.warning(lnC / 2.1).orElseThrow().contains("too low"));
        assertTrue(check.warning(Double.NaN).orElseThrow().contains("not finite"));
    }
}
