package dev.trainspark.pipeline.split;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * Makes a split long-tailed: class k of C (in label order) keeps {@code head * ratio^(-k/(C-1))}
 * rows, where {@code head} is the size of the smallest class, so the largest class has exactly
 * {@code ratio} times the rows of the smallest. The exponential profile is the one used by the
 * long-tailed CIFAR and MNIST benchmarks.
 */
public final class LongTail {
    private final double ratio;
    private final long seed;

    public LongTail(double ratio, long seed) {
        this.ratio = CONFIG.finiteAtLeast("split.long_tail_ratio", ratio, 1);
        this.seed = seed;
    }

    public Map<String, Long> targets(List<String> classOrder, Map<String, Long> available) {
        long head = available.values().stream().mapToLong(Long::longValue).min().orElse(0);
        int c = classOrder.size();
        Map<String, Long> keep = new LinkedHashMap<>();
        for (int k = 0; k < c; k++) {
            double share = c == 1 ? 1 : Math.pow(ratio, -(double) k / (c - 1));
            keep.put(classOrder.get(k), Math.max(1, Math.round(head * share)));
        }
        return keep;
    }

    public Dataset<Row> apply(Dataset<Row> rows, List<String> classOrder, Map<String, Long> available) {
        return ClassRank.firstPerClass(rows, targets(classOrder, available), seed);
    }
}
