package dev.trainspark.driver.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the promotion rule compares of one model's evaluation: the figures of its metrics.json and
 * the recall of each class.
 */
public record Scores(Map<String, Double> figures, Map<String, Double> recallByClass) {
    public Scores {
        figures = Map.copyOf(figures);
        recallByClass = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(recallByClass));
    }

    /** From a metrics.json map ({@code FullMetrics.toJsonMap()} or the file read back); undefined figures are NaN. */
    public static Scores of(Map<String, ?> metrics) {
        Map<String, Double> figures = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (v instanceof Number n) {
                figures.put(k, n.doubleValue());
            }
        });
        Map<String, Double> recall = new LinkedHashMap<>();
        if (metrics.get("per_class") instanceof Map<?, ?> perClass) {
            perClass.forEach((c, scores) -> {
                Object r = scores instanceof Map<?, ?> m ? m.get("recall") : null;
                recall.put(String.valueOf(c), r instanceof Number n ? n.doubleValue() : Double.NaN);
            });
        }
        return new Scores(figures, recall);
    }

    public double figure(String name) {
        return figures.getOrDefault(name, Double.NaN);
    }
}
