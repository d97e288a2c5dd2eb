package dev.trainspark.pipeline.metrics;

import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class ExactCurvesTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start(JavaSparkContext context) {
        sc = context;
    }

    /**
     * The curves of one plain list: every (score, label) pair of the class sorted by descending
     * score, equal scores walked as one group by one accumulator.
     */
    private static ClassCurve singleList(List<Prediction> data, int classId, long positives, long negatives,
                                         MetricsOptions options) {
        List<Prediction> sorted = new ArrayList<>(data);
        sorted.sort(Comparator.comparingDouble((Prediction p) -> p.probability(classId)).reversed());
        CurveAccumulator walk = new CurveAccumulator(positives, negatives, options.curvePoints(),
                RecallLevels.of(options.apConvention()), 0, 0);
        int i = 0;
        while (i < sorted.size()) {
            float score = sorted.get(i).probability(classId);
            long tp = 0;
            long fp = 0;
            for (; i < sorted.size() && sorted.get(i).probability(classId) == score; i++) {
                if (sorted.get(i).label() == classId) {
                    tp++;
                } else {
                    fp++;
                }
            }
            walk.group(tp, fp);
        }
        double auc = walk.auc();
        double ap = walk.averagePrecision();
        return new ClassCurve(auc, ap, Double.isNaN(auc) ? Double.NaN : 0, Double.isNaN(ap) ? Double.NaN : 0,
                walk.rocPoints(), walk.precisionRecallPoints());
    }

    private static void assertSameAsSingleList(List<Prediction> data, int classes, int partitions,
                                               long pairsPerPartition, int chunkPairs, MetricsOptions options) {
        long[] positives = new long[classes];
        long[] negatives = new long[classes];
        for (Prediction p : data) {
            for (int c = 0; c < classes; c++) {
                if (p.label() == c) {
                    positives[c]++;
                } else {
                    negatives[c]++;
                }
            }
        }
        List<ClassCurve> distributed = ExactCurves.compute(sc.parallelize(data, partitions), positives, negatives,
                options, pairsPerPartition, chunkPairs);
        for (int c = 0; c < classes; c++) {
            // Records compare doubles bit for bit and the point lists element by element.
            assertEquals(singleList(data, c, positives[c], negatives[c], options), distributed.get(c),
                    "class " + c + ", " + partitions + " partitions, " + pairsPerPartition + " pairs per range, "
                            + chunkPairs + " pairs per chunk, " + options.apConvention());
        }
    }

    @Test
    void manyTiesOverManyPartitionsRangesAndChunksGiveTheSingleListCurvesExactly() {
        // 12 score levels for 3000 rows: every group holds hundreds of pairs of both labels.
        List<Prediction> data = MetricsFixtures.random(3000, 4, 12, 5);
        for (MetricsOptions.ApConvention convention : MetricsOptions.ApConvention.values()) {
            MetricsOptions options = MetricsOptions.defaults().withApConvention(convention);
            assertSameAsSingleList(data, 4, 7, 500, 64, options);
        }
        // Fewer ties, points downsampled, ranges that cut through classes, one chunk per partition.
        List<Prediction> finer = MetricsFixtures.random(4000, 3, 5000, 9);
        MetricsOptions fewPoints = new MetricsOptions(5, 15, MetricsOptions.CurveMode.EXACT, 10,
                MetricsOptions.ApConvention.STEPWISE, 40);
        assertSameAsSingleList(finer, 3, 5, 700, 1 << 20, fewPoints);
        assertSameAsSingleList(finer, 3, 1, 1 << 30, 7, fewPoints);
    }

    @Test
    void aClassWhoseScoresAllTieAndAClassWithoutPositivesStayExact() {
        List<Prediction> data = new ArrayList<>();
        for (Prediction p : MetricsFixtures.random(1500, 3, 9, 2)) {
            float[] scores = p.probabilities();
            scores[1] = 0.25f;
            int label = p.label() == 2 ? 0 : p.label();
            data.add(new Prediction(p.id(), p.path(), label, p.predicted(), scores));
        }
        assertSameAsSingleList(data, 3, 4, 100, 50, MetricsOptions.defaults());
        List<ClassCurve> curves = DistributedMetrics.compute(sc.parallelize(data, 4), MetricsFixtures.ABC,
                MetricsOptions.defaults()).curves();
        assertEquals(0.5, curves.get(1).auc(), 0.0);
        assertTrue(Double.isNaN(curves.get(2).auc()));
    }

    @Test
    void keysSortAscendingInDescendingScoreAndBothLabelsOfAScoreShareAGroup() {
        float[] ascending = {0f, Float.MIN_VALUE, 1e-30f, 0.1f, 0.5f, 1f, 2f, 3e38f, Float.MAX_VALUE};
        for (int i = 1; i < ascending.length; i++) {
            for (boolean a : new boolean[] {false, true}) {
                for (boolean b : new boolean[] {false, true}) {
                    int lower = ScoreKey.of(ascending[i - 1], a);
                    int higher = ScoreKey.of(ascending[i], b);
                    assertTrue(higher < lower, ascending[i] + " should sort before " + ascending[i - 1]);
                    assertTrue(ScoreKey.rank(0, higher) < ScoreKey.rank(0, lower));
                }
            }
            assertEquals(ScoreKey.group(ScoreKey.of(ascending[i], true)), ScoreKey.group(ScoreKey.of(ascending[i], false)));
            assertTrue(ScoreKey.positive(ScoreKey.of(ascending[i], true)));
            assertEquals(ascending[i], ScoreKey.score(ScoreKey.of(ascending[i], false)));
        }
        assertTrue(ScoreKey.rank(0, ScoreKey.of(0f, false)) < ScoreKey.rank(1, ScoreKey.of(Float.MAX_VALUE, true)));
    }

    @Test
    void scoreRunsSurviveJavaAndKryoSerialization() {
        ScoreRun run = new ScoreRun(3, new int[] {-9, 4, 7}, new int[] {2, 1, 5});
        ClassTag<ScoreRun> tag = ClassTag$.MODULE$.apply(ScoreRun.class);
        for (Serializer serializer : List.of(new JavaSerializer(new SparkConf()), new KryoSerializer(new SparkConf()))) {
            SerializerInstance instance = serializer.newInstance();
            ScoreRun back = instance.deserialize(instance.serialize(run, tag), tag);
            assertEquals(3, back.classId(), serializer.getClass().getSimpleName());
            assertArrayEquals(run.keys(), back.keys());
            assertArrayEquals(run.counts(), back.counts());
        }
    }
}
