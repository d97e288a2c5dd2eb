package dev.trainspark.pipeline.metrics;

import java.io.Serializable;

/**
 * Part of one class's ranking from one chunk of predictions: the distinct {@link ScoreKey}s in
 * ascending key order (descending score) and how many pairs carry each. Equal keys from different
 * runs are merged where the runs meet; one score's two labels are two keys.
 *
 * @param classId the class whose one-vs-rest scores these are
 * @param keys    distinct keys, ascending
 * @param counts  pairs per key, each at least 1
 */
record ScoreRun(int classId, int[] keys, int[] counts) implements Serializable {
    int size() {
        return keys.length;
    }
}
