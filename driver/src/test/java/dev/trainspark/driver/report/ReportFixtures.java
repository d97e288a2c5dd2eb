package dev.trainspark.driver.report;

import java.util.ArrayList;
import java.util.List;

import dev.trainspark.pipeline.metrics.ClassificationMetrics;
import dev.trainspark.pipeline.metrics.ConfusionState;

/** Shared inputs for the report tests. */
final class ReportFixtures {

    private ReportFixtures() {
    }

    /**
     * Three classes whose names need escaping. Confusion (rows actual): [5 2 1] [1 6 3] [0 2 4];
     * accuracy 5/8 = 0.6250, balanced accuracy 227/360 = 0.6306, macro F1 22/35 = 0.6286,
     * kappa 41/95 = 0.4316, mcc 41/94 = 0.4362.
     */
    static ClassificationMetrics threeClasses() {
        long[][] counts = {{5, 2, 1}, {1, 6, 3}, {0, 2, 4}};
        ConfusionState state = new ConfusionState(3);
        for (int actual = 0; actual < 3; actual++) {
            for (int predicted = 0; predicted < 3; predicted++) {
                for (long n = 0; n < counts[actual][predicted]; n++) {
                    state.add(actual, predicted);
                }
            }
        }
        return ClassificationMetrics.of(state, List.of("cat & dog", "<script>", "bird \"tit\""));
    }

    /** Three epochs of four rounds with a slowly falling loss. */
    static List<RoundEvent> rounds() {
        List<RoundEvent> events = new ArrayList<>();
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int round = 0; round < 4; round++) {
                double loss = 2.0 / (1 + epoch) - 0.05 * round;
                events.add(new RoundEvent(epoch, round, loss, 1200.0, 6000, 5.0));
            }
        }
        return events;
    }
}
