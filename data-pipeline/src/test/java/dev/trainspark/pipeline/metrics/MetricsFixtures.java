package dev.trainspark.pipeline.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Prediction sets shared by the metrics tests. */
final class MetricsFixtures {
    private MetricsFixtures() {
    }

    static final List<String> ABC = List.of("a", "b", "c");

    /**
     * Six examples, three classes, with ties across classes and examples; the expected values in
     * the tests are worked out by hand from these numbers.
     */
    static List<Prediction> sixWithTies() {
        return List.of(
                new Prediction("e1", "", 0, 0, new float[] {0.6f, 0.3f, 0.1f}),
                new Prediction("e2", "", 0, 1, new float[] {0.4f, 0.4f, 0.2f}),
                new Prediction("e3", "", 1, 1, new float[] {0.4f, 0.5f, 0.1f}),
                new Prediction("e4", "", 1, 2, new float[] {0.2f, 0.3f, 0.5f}),
                new Prediction("e5", "", 2, 2, new float[] {0.1f, 0.2f, 0.7f}),
                new Prediction("e6", "", 2, 0, new float[] {0.6f, 0.2f, 0.2f}));
    }

    /**
     * Random predictions whose scores are multiples of {@code 1/levels} (so many tie), with the
     * true class's score raised so the classes are separable to a degree; predicted = arg-max.
     */
    static List<Prediction> random(int n, int classes, int levels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Prediction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(classes);
            float[] scores = new float[classes];
            int best = 0;
            for (int c = 0; c < classes; c++) {
                double raw = random.nextDouble() * 0.7 + (c == label ? 0.3 * random.nextDouble() : 0);
                scores[c] = (float) (Math.floor(raw * levels) / levels);
                if (scores[c] > scores[best]) {
                    best = c;
                }
            }
            out.add(new Prediction("r" + i, "img/" + i + ".png", label, best, scores));
        }
        return out;
    }

    static MetricsState stateOf(List<Prediction> data, int classes, MetricsOptions options) {
        MetricsState state = new MetricsState(classes, options);
        data.forEach(state::add);
        return state;
    }
}
