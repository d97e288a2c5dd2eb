package dev.trainspark.driver.train;

import dev.trainspark.driver.config.EarlyStoppingConfig;
import dev.trainspark.pipeline.BadParameterException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The early-stopping rule: improvement by more than min_delta, patience, loss lower-is-better, and the replay a resume does. */
class EarlyStoppingTest {
    private static EarlyStopping tracker(String metric, int patience, double minDelta, Map<Integer, ValidationScores> recorded) {
        return new EarlyStopping(new EarlyStoppingConfig(metric, patience, minDelta, 0.1), state -> {
            throw new AssertionError("no state is scored here");
        }, recorded);
    }

    private static ValidationScores balanced(double value) {
        return new ValidationScores(0.5, value, 0.5, 1.0);
    }

    private static ValidationScores loss(double value) {
        return new ValidationScores(0.5, 0.5, 0.5, value);
    }

    /** Observes the values in turn until the tracker says stop; returns the epoch it stopped after (0: never). */
    private static int run(EarlyStopping tracker, List<ValidationScores> values) {
        for (int e = 1; e <= values.size(); e++) {
            tracker.observe(e, values.get(e - 1));
            if (tracker.exhausted()) {
                return e;
            }
        }
        return 0;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementKeepingTheBestEpoch() {
        EarlyStopping t = tracker("balanced_accuracy", 2, 0, Map.of());
        assertEquals(5, run(t, List.of(balanced(0.5), balanced(0.7), balanced(0.9), balanced(0.9), balanced(0.8),
                balanced(0.95))));
        assertEquals(3, t.bestEpoch(), "an equal figure is no improvement");
        assertEquals(0.9, t.best());
        assertEquals(2, t.epochsWithoutImprovement());
    }

    @Test
    void anImprovementMustExceedMinDelta() {
        EarlyStopping t = tracker("balanced_accuracy", 3, 0.05, Map.of());
        // +0.04 and +0.03 are within min_delta of the best (0.5); +0.06 is not.
        assertTrue(t.observe(1, balanced(0.5)));
        assertFalse(t.observe(2, balanced(0.54)));
        assertFalse(t.observe(3, balanced(0.53)));
        assertTrue(t.observe(4, balanced(0.56)));
        assertEquals(4, t.bestEpoch());
        assertEquals(0, t.epochsWithoutImprovement());
        // With patience 1, a rise of 0.04 stops the run: the gain is measured from the best, not the previous epoch.
        EarlyStopping slow = tracker("balanced_accuracy", 1, 0.05, Map.of());
        assertEquals(2, run(slow, List.of(balanced(0.5), balanced(0.54), balanced(0.58))));
        assertEquals(1, slow.bestEpoch());
        EarlyStopping patient = tracker("balanced_accuracy", 2, 0.05, Map.of());
        assertEquals(0, run(patient, List.of(balanced(0.5), balanced(0.54), balanced(0.58), balanced(0.6))));
        assertEquals(3, patient.bestEpoch(), "0.58 is more than 0.05 above the best, 0.5");
    }

    @Test
    void forTheLossLowerIsBetter() {
        EarlyStopping t = tracker("loss", 1, 0.01, Map.of());
        assertTrue(t.observe(1, loss(1.0)));
        assertTrue(t.observe(2, loss(0.5)));
        assertFalse(t.observe(3, loss(0.495)), "lower by less than min_delta");
        assertTrue(t.exhausted());
        assertEquals(2, t.bestEpoch());
        // The other figures do not count: a rising balanced accuracy with a rising loss is no improvement.
        EarlyStopping byLoss = tracker("loss", 1, 0, Map.of());
        byLoss.observe(1, new ValidationScores(0.5, 0.5, 0.5, 0.4));
        assertFalse(byLoss.observe(2, new ValidationScores(0.9, 0.9, 0.9, 0.6)));
    }

    @Test
    void aResumedTrackerReplaysTheRecordedEpochsAndGoesOnAsAnUnbrokenOne() {
        List<ValidationScores> values = List.of(balanced(0.6), balanced(0.8), balanced(0.7), balanced(0.75), balanced(0.79),
                balanced(0.81), balanced(0.7));
        for (int stoppedAfter = 0; stoppedAfter <= 4; stoppedAfter++) {
            EarlyStopping unbroken = tracker("balanced_accuracy", 3, 0.005, Map.of());
            Map<Integer, ValidationScores> recorded = new LinkedHashMap<>();
            List<String> unbrokenStates = new ArrayList<>();
            for (int e = 1; e <= values.size(); e++) {
                unbroken.observe(e, values.get(e - 1));
                unbrokenStates.add(unbroken.bestEpoch() + "/" + unbroken.epochsWithoutImprovement());
                if (e <= stoppedAfter) {
                    recorded.put(e, values.get(e - 1));
                }
            }
            // Epochs after the resume point may be on disk too (recorded before a checkpoint that was lost): ignored.
            recorded.put(stoppedAfter + 1, balanced(0.99));
            EarlyStopping resumed = tracker("balanced_accuracy", 3, 0.005, recorded);
            resumed.resumeAfter(stoppedAfter);
            List<String> resumedStates = new ArrayList<>(unbrokenStates.subList(0, stoppedAfter));
            for (int e = stoppedAfter + 1; e <= values.size(); e++) {
                resumed.observe(e, values.get(e - 1));
                resumedStates.add(resumed.bestEpoch() + "/" + resumed.epochsWithoutImprovement());
            }
            assertEquals(unbrokenStates, resumedStates, "resumed after epoch " + stoppedAfter);
        }
    }

    @Test
    void resumingARunThatTrainedWithoutEarlyStoppingIsRefused() {
        EarlyStopping t = tracker("accuracy", 2, 0, Map.of(1, balanced(0.5)));
        BadParameterException e = assertThrows(BadParameterException.class, () -> t.resumeAfter(2));
        assertTrue(e.getMessage().contains("train.early_stopping") && e.getMessage().contains("epoch 2"), e.getMessage());
    }
}
