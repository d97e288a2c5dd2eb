package dev.trainspark.pipeline.metrics;

import scala.Tuple2;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The map side of {@link ExactCurves}: reads one partition's predictions a chunk at a time, packs
 * each class's (score, label) pairs into an {@code int[]} of {@link ScoreKey}s, sorts it, counts
 * equal keys, and cuts the result at the {@link ScoreRanges} into {@link ScoreRun}s keyed by their
 * range. Chunks bound the memory a task holds (about {@code 4 x chunkPairs} bytes of keys) however
 * large its partition; runs are handed out lazily, one chunk's worth at a time.
 */
final class ChunkSorter implements Iterator<Tuple2<Integer, ScoreRun>> {
    private final Iterator<Prediction> predictions;
    private final int numClasses;
    private final int chunkRows;
    private final ScoreRanges ranges;
    private final ArrayDeque<Tuple2<Integer, ScoreRun>> ready = new ArrayDeque<>();
    private int[][] keys;
    private int[] distinctKeys;
    private int[] counts;

    /**
     * @param chunkPairs about how many (class, score) pairs one chunk holds; at least one row per
     *                   chunk whatever the number of classes
     */
    ChunkSorter(Iterator<Prediction> predictions, int numClasses, int chunkPairs, ScoreRanges ranges) {
        this.predictions = predictions;
        this.numClasses = numClasses;
        this.chunkRows = Math.max(1, chunkPairs / numClasses);
        this.ranges = ranges;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && predictions.hasNext()) {
            sortNextChunk();
        }
        return !ready.isEmpty();
    }

    @Override
    public Tuple2<Integer, ScoreRun> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more score runs in this partition");
        }
        return ready.poll();
    }

    private void sortNextChunk() {
        if (keys == null) {
            // Small partitions (tests, the last chunk of a tail partition) should not pay for a full chunk.
            keys = new int[numClasses][Math.min(chunkRows, 1024)];
        }
        int rows = 0;
        while (rows < chunkRows && predictions.hasNext()) {
            Prediction p = predictions.next();
            if (rows == keys[0].length) {
                int grown = (int) Math.min(chunkRows, 2L * rows);
                for (int c = 0; c < numClasses; c++) {
                    keys[c] = Arrays.copyOf(keys[c], grown);
                }
            }
            int label = p.label();
            for (int c = 0; c < numClasses; c++) {
                keys[c][rows] = ScoreKey.of(p.probability(c), c == label);
            }
            rows++;
        }
        if (distinctKeys == null || distinctKeys.length < rows) {
            distinctKeys = new int[keys[0].length];
            counts = new int[keys[0].length];
        }
        for (int c = 0; c < numClasses; c++) {
            Arrays.sort(keys[c], 0, rows);
            int distinct = countEqualKeys(keys[c], rows);
            cutIntoRanges(c, distinct);
        }
    }

    /** Collapses equal keys of the sorted {@code sorted[0, rows)} into {@link #distinctKeys} and {@link #counts}. */
    private int countEqualKeys(int[] sorted, int rows) {
        int distinct = 0;
        for (int i = 0; i < rows; i++) {
            if (distinct > 0 && distinctKeys[distinct - 1] == sorted[i]) {
                counts[distinct - 1]++;
            } else {
                distinctKeys[distinct] = sorted[i];
                counts[distinct] = 1;
                distinct++;
            }
        }
        return distinct;
    }

    private void cutIntoRanges(int classId, int distinct) {
        int start = 0;
        while (start < distinct) {
            int range = ranges.of(ScoreKey.rank(classId, distinctKeys[start]));
            long upper = ranges.upperBound(range);
            int end = start + 1;
            while (end < distinct && ScoreKey.rank(classId, distinctKeys[end]) <= upper) {
                end++;
            }
            ready.add(new Tuple2<>(range, new ScoreRun(classId, Arrays.copyOfRange(distinctKeys, start, end),
                    Arrays.copyOfRange(counts, start, end))));
            start = end;
        }
    }
}
