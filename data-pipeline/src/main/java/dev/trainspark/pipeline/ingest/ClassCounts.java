package dev.trainspark.pipeline.ingest;

import org.apache.spark.util.AccumulatorV2;

import java.util.HashMap;
import java.util.Map;

/** Images kept per class, counted by the tasks that write them. */
final class ClassCounts extends AccumulatorV2<String, Map<String, Long>> {
    private final HashMap<String, Long> counts = new HashMap<>();

    @Override
    public boolean isZero() {
        return counts.isEmpty();
    }

    @Override
    public ClassCounts copy() {
        ClassCounts copy = new ClassCounts();
        copy.counts.putAll(counts);
        return copy;
    }

    @Override
    public void reset() {
        counts.clear();
    }

    @Override
    public void add(String label) {
        counts.merge(label, 1L, Long::sum);
    }

    @Override
    public void merge(AccumulatorV2<String, Map<String, Long>> other) {
        other.value().forEach((label, n) -> counts.merge(label, n, Long::sum));
    }

    @Override
    public Map<String, Long> value() {
        return counts;
    }
}
