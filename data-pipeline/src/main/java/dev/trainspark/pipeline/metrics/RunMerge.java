package dev.trainspark.pipeline.metrics;

import java.util.List;

/**
 * The reduce side of {@link ExactCurves}: merges one class's sorted {@link ScoreRun}s of one range
 * (from every chunk of every partition) with a binary heap over the runs' heads, and hands each
 * threshold group (all pairs sharing one score, whichever runs they came from) to a
 * {@link CurveAccumulator} in descending score order.
 */
final class RunMerge {
    private final List<ScoreRun> runs;
    /** Indexes into {@link #runs}, a min-heap on each run's current key. */
    private final int[] heap;
    private final int[] position;
    private int heapSize;

    private RunMerge(List<ScoreRun> runs) {
        this.runs = runs;
        this.heap = new int[runs.size()];
        this.position = new int[runs.size()];
        for (int r = 0; r < runs.size(); r++) {
            if (runs.get(r).size() > 0) {
                heap[heapSize++] = r;
            }
        }
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** Walks the groups of {@code runs}, all of one class, into {@code walk}. */
    static void walk(List<ScoreRun> runs, CurveAccumulator walk) {
        new RunMerge(runs).walkInto(walk);
    }

    private void walkInto(CurveAccumulator walk) {
        long positives = 0;
        long negatives = 0;
        int group = 0;
        boolean open = false;
        while (heapSize > 0) {
            int r = heap[0];
            ScoreRun run = runs.get(r);
            int key = run.keys()[position[r]];
            int count = run.counts()[position[r]];
            if (open && ScoreKey.group(key) != group) {
                walk.group(positives, negatives);
                positives = 0;
                negatives = 0;
            }
            group = ScoreKey.group(key);
            open = true;
            if (ScoreKey.positive(key)) {
                positives += count;
            } else {
                negatives += count;
            }
            if (++position[r] == run.size()) {
                heap[0] = heap[--heapSize];
            }
            siftDown(0);
        }
        if (open) {
            walk.group(positives, negatives);
        }
    }

    private int head(int heapIndex) {
        int r = heap[heapIndex];
        return runs.get(r).keys()[position[r]];
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= heapSize) {
                return;
            }
            int smallest = left + 1 < heapSize && head(left + 1) < head(left) ? left + 1 : left;
            if (head(i) <= head(smallest)) {
                return;
            }
            int swap = heap[i];
            heap[i] = heap[smallest];
            heap[smallest] = swap;
            i = smallest;
        }
    }
}
