package dev.trainspark.pipeline.metrics;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Exact one-vs-rest ROC and PR summaries from a distributed merge of sorted runs, without
 * collecting predictions.
 *
 * <p>Each partition packs every class's (score, label) pairs into primitive {@link ScoreKey}s, sorts
 * them per class a chunk at a time and counts equal keys ({@link ChunkSorter}); the sorted runs are
 * cut at score ranges sampled beforehand ({@link ScoreRanges}) and shuffled by range, and each reduce
 * partition merges its runs per class ({@link RunMerge}). Every score falls in one range, so no
 * threshold group straddles two. A first pass over the shuffled runs counts each range's positives
 * and negatives per class (a few longs per partition); their prefix sums give every range the counts
 * ranked before it; a second pass walks each range from those offsets (see
 * {@link CurveAccumulator}). The walk sees the same threshold groups in the same order as a walk of
 * one sorted list, so the result does not depend on partitions or chunks. Only the sample, the
 * per-range sums and at most about {@code curvePoints} plotted points per class reach the driver.
 */
final class ExactCurves {
    private static final long PAIRS_PER_PARTITION = 2_000_000L;
    /**
     * Pairs a map task sorts at a time (1 MiB of keys). Small on purpose: Spark's Java serializer
     * keeps every object it wrote to a shuffle partition's stream until its periodic reset
     * ({@code spark.serializer.objectStreamReset}, 100 objects, i.e. 50 runs), and a chunk writes
     * about one run per range, so a task holds up to about 50 chunks' runs (about 100 MiB) however
     * large its partition.
     */
    private static final int CHUNK_PAIRS = 1 << 18;
    /** Sampled pairs per range, enough to keep the ranges within a few percent of equal. */
    private static final int SAMPLE_PER_RANGE = 200;
    private static final int MAX_SAMPLE = 1_000_000;

    private ExactCurves() {
    }

    static List<ClassCurve> compute(JavaRDD<Prediction> predictions, long[] positives, long[] negatives,
                                    MetricsOptions options) {
        return compute(predictions, positives, negatives, options, PAIRS_PER_PARTITION, CHUNK_PAIRS);
    }

    /**
     * @param pairsPerPartition about how many (class, score) pairs one reduce partition merges
     * @param chunkPairs        about how many pairs a map task sorts at a time
     */
    static List<ClassCurve> compute(JavaRDD<Prediction> predictions, long[] positives, long[] negatives,
                                    MetricsOptions options, long pairsPerPartition, int chunkPairs) {
        int k = positives.length;
        long rows = positives[0] + negatives[0];
        // One reduce partition per ~pairsPerPartition pairs keeps each task's share of the merge, and
        // with it the executors' memory, bounded however many predictions there are.
        long pairs = rows * k;
        int wanted = (int) Math.max(Math.max(1, predictions.getNumPartitions()), Math.min(100_000, pairs / pairsPerPartition));
        ScoreRanges ranges = ScoreRanges.fromSample(sample(predictions, rows, k, wanted), wanted);

        JavaPairRDD<Integer, ScoreRun> shuffled = predictions
                .mapPartitionsToPair(it -> new ChunkSorter(it, k, chunkPairs, ranges))
                // Keys are range indexes below the partition count, which HashPartitioner maps to themselves.
                .partitionBy(new HashPartitioner(ranges.count()));

        List<long[]> rangeCounts = shuffled.mapPartitions(it -> {
            long[] counts = new long[2 * k];
            while (it.hasNext()) {
                ScoreRun run = it.next()._2();
                for (int i = 0; i < run.size(); i++) {
                    counts[2 * run.classId() + (ScoreKey.positive(run.keys()[i]) ? 0 : 1)] += run.counts()[i];
                }
            }
            return Collections.singletonList(counts).iterator();
        }).collect();

        long[][] before = new long[rangeCounts.size()][2 * k];
        for (int p = 1; p < before.length; p++) {
            for (int i = 0; i < 2 * k; i++) {
                before[p][i] = before[p - 1][i] + rangeCounts.get(p - 1)[i];
            }
        }

        RecallLevels levels = RecallLevels.of(options.apConvention());
        int maxPoints = options.curvePoints();
        List<CurveAccumulator[]> slices = shuffled.mapPartitionsWithIndex((index, it) -> {
            List<List<ScoreRun>> byClass = new ArrayList<>(k);
            for (int c = 0; c < k; c++) {
                byClass.add(new ArrayList<>());
            }
            it.forEachRemaining(e -> byClass.get(e._2().classId()).add(e._2()));
            CurveAccumulator[] walks = new CurveAccumulator[k];
            for (int c = 0; c < k; c++) {
                walks[c] = new CurveAccumulator(positives[c], negatives[c], maxPoints, levels,
                        before[index][2 * c], before[index][2 * c + 1]);
                RunMerge.walk(byClass.get(c), walks[c]);
            }
            return Collections.singletonList(walks).iterator();
        }, false).collect();

        List<ClassCurve> curves = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            CurveAccumulator merged = new CurveAccumulator(positives[c], negatives[c], maxPoints, levels, 0, 0);
            for (CurveAccumulator[] slice : slices) {
                merged.merge(slice[c]);
            }
            double auc = merged.auc();
            double ap = merged.averagePrecision();
            curves.add(new ClassCurve(auc, ap, Double.isNaN(auc) ? Double.NaN : 0, Double.isNaN(ap) ? Double.NaN : 0,
                    merged.rocPoints(), merged.precisionRecallPoints()));
        }
        return curves;
    }

    /**
     * The ranks ({@link ScoreKey#rank}) of every class's score in every {@code stride}-th row of each
     * partition, about {@value #SAMPLE_PER_RANGE} per wanted range; none when one range is wanted.
     */
    private static long[] sample(JavaRDD<Prediction> predictions, long rows, int k, int wanted) {
        if (wanted < 2) {
            return new long[0];
        }
        long sampledRows = Math.max(1, Math.min((long) SAMPLE_PER_RANGE * wanted, MAX_SAMPLE) / k);
        long stride = Math.max(1, rows / sampledRows);
        List<long[]> parts = predictions.mapPartitions((Iterator<Prediction> it) -> {
            long[] ranks = new long[64];
            int size = 0;
            for (long row = 0; it.hasNext(); row++) {
                Prediction p = it.next();
                if (row % stride != 0) {
                    continue;
                }
                if (size + k > ranks.length) {
                    ranks = Arrays.copyOf(ranks, Math.max(2 * ranks.length, size + k));
                }
                for (int c = 0; c < k; c++) {
                    ranks[size++] = ScoreKey.rank(c, ScoreKey.of(p.probability(c), false));
                }
            }
            return Collections.singletonList(Arrays.copyOf(ranks, size)).iterator();
        }).collect();
        return parts.stream().flatMapToLong(Arrays::stream).toArray();
    }
}
