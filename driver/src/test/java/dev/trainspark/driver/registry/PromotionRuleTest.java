package dev.trainspark.driver.registry;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromotionRuleTest {
    private static final PromotionRule RULE = new PromotionRule("balanced_accuracy", 0.01, 0.05);

    private static Scores scores(double balanced, double recallA, double recallB) {
        return Scores.of(Map.of("balanced_accuracy", balanced, "accuracy", balanced, "macro_f1", balanced,
                "per_class", Map.of("a", Map.of("recall", recallA), "b", Map.of("recall", recallB))));
    }

    @Test
    void withoutAChampionTheChallengerIsPromoted() {
        PromotionRule.Decision d = RULE.decide(null, scores(0.5, 0.5, 0.5));
        assertTrue(d.promote());
        assertTrue(d.reason().contains("no champion"), d.reason());
        assertTrue(Double.isNaN(d.rows().get(0).champion()));
    }

    @Test
    void aGainOfAtLeastTheMinimumWithoutRecallDropsPromotes() {
        PromotionRule.Decision d = RULE.decide(scores(0.80, 0.80, 0.80), scores(0.82, 0.78, 0.86));
        assertTrue(d.promote(), d.reason());
        assertEquals(0.02, d.rows().get(0).delta(), 1e-12);
    }

    @Test
    void aGainBelowTheMinimumKeepsTheChampion() {
        PromotionRule.Decision d = RULE.decide(scores(0.80, 0.80, 0.80), scores(0.805, 0.80, 0.81));
        assertFalse(d.promote());
        assertTrue(d.reason().contains("at least 0.01 (retrain.min_improvement)"), d.reason());
    }

    @Test
    void aTieIsNoGainEvenWithAZeroMinimum() {
        PromotionRule.Decision d = new PromotionRule("balanced_accuracy", 0, 0.05).decide(scores(0.8, 0.8, 0.8), scores(0.8, 0.8, 0.8));
        assertFalse(d.promote());
        assertTrue(d.reason().contains("a gain above 0"), d.reason());
    }

    @Test
    void oneClassLosingTooMuchRecallKeepsTheChampionAndIsNamed() {
        PromotionRule.Decision d = RULE.decide(scores(0.80, 0.80, 0.80), scores(0.90, 0.70, 1.00));
        assertFalse(d.promote());
        assertTrue(d.reason().contains("recall of class 'a' falls by 0.1000"), d.reason());
    }

    @Test
    void theTableHasTheMetricChampionChallengerAndDelta() {
        var lines = PromotionRule.table(RULE.decide(scores(0.80, 0.80, 0.80), scores(0.90, 0.90, 0.90)).rows());
        assertTrue(lines.get(0).matches("metric\\s+champion\\s+challenger\\s+delta"), lines.get(0));
        assertTrue(lines.get(1).matches("balanced_accuracy\\s+0\\.8000\\s+0\\.9000\\s+\\+0\\.1000"), lines.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("recall[b]")), lines.toString());
    }
}
