package dev.trainspark.pipeline.metrics;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Exact one-vs-rest ROC and PR summaries from a distributed sort, without collecting predictions.
 *
 * <p>Every (class, score) pair becomes one long sort key: the class id in the high 32 bits and, in
 * the low bits, the score's float bits subtracted from {@code Integer.MAX_VALUE} (for non-negative
 * floats the bit pattern is monotone, so ascending keys are ascending classes and descending
 * scores). Spark's range-partitioned sort puts equal keys in one partition, so no threshold group
 * straddles two. A first pass counts each partition's positives and negatives per class (a few
 * longs per partition); their prefix sums give every partition the counts ranked before it; a
 * second pass walks each partition from those offsets (see {@link CurveAccumulator}). Only the
 * per-partition sums and at most about {@code curvePoints} plotted points per class reach the
 * driver. As in Spark's {@code BinaryClassificationMetrics}, the sort is the one shuffle; the
 * second pass reuses its output.
 */
final class ExactCurves {
    private static final long PAIRS_PER_PARTITION = 2_000_000L;

    private ExactCurves() {
    }

    static long sortKey(int classId, float score) {
        return ((long) classId << 32) | (Integer.MAX_VALUE - (long) Float.floatToIntBits(score));
    }

    static List<ClassCurve> compute(JavaRDD<Prediction> predictions, long[] positives, long[] negatives,
                                    MetricsOptions options) {
        int k = positives.length;
        JavaPairRDD<Long, Boolean> keyed = predictions.flatMapToPair(p -> {
            List<Tuple2<Long, Boolean>> out = new ArrayList<>(k);
            for (int c = 0; c < k; c++) {
                out.add(new Tuple2<>(sortKey(c, p.probability(c)), c == p.label()));
            }
            return out.iterator();
        });
        // One sort partition per ~2 million (class, score) pairs keeps each task's share of the sort,
        // and with it the executors' memory, bounded however many predictions there are.
        long pairs = 0;
        for (int c = 0; c < k; c++) {
            pairs += positives[c] + negatives[c];
        }
        int partitions = (int) Math.max(Math.max(1, predictions.getNumPartitions()), Math.min(100_000, pairs / PAIRS_PER_PARTITION));
        JavaPairRDD<Long, Boolean> sorted = keyed.sortByKey(true, partitions);

        List<long[]> partitionCounts = sorted.mapPartitions(it -> {
            long[] counts = new long[2 * k];
            while (it.hasNext()) {
                Tuple2<Long, Boolean> e = it.next();
                int c = (int) (e._1() >>> 32);
                counts[2 * c + (e._2() ? 0 : 1)]++;
            }
            return Collections.singletonList(counts).iterator();
        }).collect();

        long[][] before = new long[partitionCounts.size()][2 * k];
        for (int p = 1; p < before.length; p++) {
            for (int i = 0; i < 2 * k; i++) {
                before[p][i] = before[p - 1][i] + partitionCounts.get(p - 1)[i];
            }
        }

        RecallLevels levels = RecallLevels.of(options.apConvention());
        int maxPoints = options.curvePoints();
        List<CurveAccumulator[]> slices = sorted.mapPartitionsWithIndex((index, it) -> {
            CurveAccumulator[] walks = new CurveAccumulator[k];
            for (int c = 0; c < k; c++) {
                walks[c] = new CurveAccumulator(positives[c], negatives[c], maxPoints, levels,
                        before[index][2 * c], before[index][2 * c + 1]);
            }
            walkGroups(it, walks);
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

    private static void walkGroups(Iterator<Tuple2<Long, Boolean>> it, CurveAccumulator[] walks) {
        long key = 0;
        long pos = 0;
        long neg = 0;
        boolean open = false;
        while (it.hasNext()) {
            Tuple2<Long, Boolean> e = it.next();
            long next = e._1();
            if (open && next != key) {
                walks[(int) (key >>> 32)].group(pos, neg);
                pos = 0;
                neg = 0;
            }
            key = next;
            open = true;
            if (e._2()) {
                pos++;
            } else {
                neg++;
            }
        }
        if (open) {
            walks[(int) (key >>> 32)].group(pos, neg);
        }
    }
}
