package dev.trainspark.pipeline.metrics;

import java.io.Serializable;

/**
 * Part of one class's ranking from one chunk of predictions: the distinct {@link ScoreKey}s in
 * ascending key order (descending score) and how many pairs carry each. Equal keys from different
 * runs are merged where the runs meet; one score's two labels are two keys.
 *
 * <p>A plain class rather than a record: Kryo, if a cluster configures it as Spark's serializer,
 * cannot set a record's fields when it reads one back.
 */
final class ScoreRun implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int classId;
    private final int[] keys;
    private final int[] counts;

    /**
     * @param classId the class whose one-vs-rest scores these are
     * @param keys    distinct keys, ascending
     * @param counts  pairs per key, each at least 1
     */
    ScoreRun(int classId, int[] keys, int[] counts) {
        this.classId = classId;
        this.keys = keys;
        this.counts = counts;
    }

    int classId() {
        return classId;
    }

    int[] keys() {
        return keys;
    }

    int[] counts() {
        return counts;
    }

    int size() {
        return keys.length;
    }
}
