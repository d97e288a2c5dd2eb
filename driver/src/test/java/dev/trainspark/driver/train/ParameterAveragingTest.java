package dev.trainspark.driver.train;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import dev.trainspark.workers.fit.RoundPlan;
import dev.trainspark.workers.fit.RoundResult;
import dev.trainspark.workers.fit.RoundTimes;
import dev.trainspark.workers.fit.Sample;
import dev.trainspark.workers.fit.ShardTrainer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class ParameterAveragingTest {
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 1);
    /**
     * Plain SGD for comparing a Spark round with rounds fitted here: a task's BLAS runs with the
     * task's cores, a call here with all of them, and the last bits that changes stay last bits
     * under SGD (Adam's normalised step would magnify them where gradients are near zero).
     */
    private static final NetworkSpec SGD = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "sgd", 0.05, 0, 1);
    private static final int BATCH = 8;
    private static final int FREQUENCY = 2;
    private static SparkSession spark;
    private static JavaSparkContext sc;
    private static JavaRDD<Sample> shards;
    private static ModelState start;

    @BeforeAll
    static void data(SparkSession session) {
        spark = session;
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        shards = sc.parallelize(samples(40), 2).persist(StorageLevel.MEMORY_ONLY());
        start = ModelState.of(Networks.build(SPEC));
    }


    /** {@code n} images of three classes, each a class pattern plus noise, ids in order. */
    static List<Sample> samples(int n) {
        Random random = new Random(3);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] pixels = new float[SPEC.inputSize()];
            int label = i % 3;
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (p % 3 == label ? 0.8f : 0f) + 0.1f * random.nextFloat();
            }
            out.add(new Sample(String.format("id-%04d", i), label, pixels));
        }
        return out;
    }

    private static float[] mean(float[] a, float[] b) {
        float[] m = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            m[i] = (float) (((double) a[i] + b[i]) / 2);
        }
        return m;
    }

    @Test
    void aRoundAveragesWhatEachPartitionFitsOnItsOwn() {
        RoundPlan plan = new RoundPlan(0, 0, BATCH, FREQUENCY, 0, 42);
        ModelState sgdStart = ModelState.of(Networks.build(SGD));
        RoundResult averaged = new ParameterAveraging(sc, SGD, BATCH, FREQUENCY, 42).fitRound(shards, sgdStart, plan);

        List<List<Sample>> partitions = shards.glom().collect();
        assertEquals(2, partitions.size());
        ShardTrainer trainer = new ShardTrainer(SGD);
        RoundResult p0 = trainer.fitRound(0, partitions.get(0).iterator(), sgdStart, plan);
        RoundResult p1 = trainer.fitRound(1, partitions.get(1).iterator(), sgdStart, plan);

        assertEquals(2, averaged.replicas());
        assertEquals(2 * FREQUENCY, averaged.batches());
        assertEquals(2L * FREQUENCY * BATCH, averaged.examples());
        assertArrayEquals(mean(p0.average().params(), p1.average().params()), averaged.average().params(), 1e-6f);
        assertEquals(0, averaged.average().updaterState().length, "plain SGD keeps no updater state");
        assertEquals((p0.meanLoss() + p1.meanLoss()) / 2, averaged.meanLoss(), 1e-6);
        assertFalse(Arrays.equals(p0.average().params(), p1.average().params()), "the partitions fit different data");
    }

    @Test
    void aRoundSaysWhereItsTimeWent() {
        RoundPlan plan = new RoundPlan(0, 0, BATCH, FREQUENCY, 0, 42);
        RoundResult round = new ParameterAveraging(sc, SPEC, BATCH, FREQUENCY, 42)
                .fitRound(shards, ModelState.of(Networks.build(SPEC)), plan);
        RoundTimes t = round.times();
        for (double part : new double[]{t.broadcast(), t.launch(), t.readState(), t.fit(), t.writeState(), t.aggregation(), t.update()}) {
            assertTrue(part >= 0, t.toString());
        }
        assertTrue(t.fit() > 0, "fitting took time: " + t);
        assertTrue(t.total() >= t.broadcast() + t.fit() + t.update(), "the parts happen one after another within the round: " + t);
    }

    @Test
    void theDriverMergesUpToFourResultsItselfAndATreeOfAboutFourPerMergeBeyond() {
        assertEquals(1, ParameterAveraging.aggregationDepth(1));
        assertEquals(1, ParameterAveraging.aggregationDepth(4));
        assertEquals(2, ParameterAveraging.aggregationDepth(5));
        assertEquals(2, ParameterAveraging.aggregationDepth(16));
        assertEquals(3, ParameterAveraging.aggregationDepth(17));
        assertEquals(3, ParameterAveraging.aggregationDepth(64));
        assertEquals(4, ParameterAveraging.aggregationDepth(128));
    }

    @Test
    void roundsAndBatchesPerEpochRoundUp() {
        ParameterAveraging averaging = new ParameterAveraging(sc, SPEC, BATCH, FREQUENCY, 42);
        assertEquals(0, averaging.batchesPerEpoch(0));
        assertEquals(1, averaging.batchesPerEpoch(1));
        assertEquals(2, averaging.batchesPerEpoch(16));
        assertEquals(3, averaging.batchesPerEpoch(17));
        assertEquals(1, averaging.roundsPerEpoch(16));
        assertEquals(2, averaging.roundsPerEpoch(17));
        assertEquals(2, averaging.roundsPerEpoch(32));
        assertEquals(3, averaging.roundsPerEpoch(33));
        assertEquals(4, new ParameterAveraging(sc, SPEC, 5, 3, 42).roundsPerEpoch(56));
    }

    @Test
    void anEpochIsReproducibleFromItsSeedAndDependsOnIt() {
        List<String> rounds = new ArrayList<>();
        ModelState first = new ParameterAveraging(sc, SPEC, BATCH, FREQUENCY, 42).fitEpoch(shards, 20, start, 0,
                (epoch, round, roundsPerEpoch, result, seconds) -> rounds.add(epoch + "/" + round + "/" + roundsPerEpoch + "/" + result.examples()));
        // 20 rows per shard: batches of 8, 8 and 4; two rounds of up to two batches on each of the 2 shards.
        assertEquals(List.of("0/0/2/32", "0/1/2/8"), rounds);
        ModelState again = new ParameterAveraging(sc, SPEC, BATCH, FREQUENCY, 42).fitEpoch(shards, 20, start, 0,
                (epoch, round, roundsPerEpoch, result, seconds) -> { });
        assertArrayEquals(first.params(), again.params());
        assertArrayEquals(first.updaterState(), again.updaterState());
        ModelState otherSeed = new ParameterAveraging(sc, SPEC, BATCH, FREQUENCY, 43).fitEpoch(shards, 20, start, 0,
                (epoch, round, roundsPerEpoch, result, seconds) -> { });
        assertFalse(Arrays.equals(first.params(), otherSeed.params()), "the seed orders the shards");
        assertFalse(Arrays.equals(start.params(), first.params()), "an epoch moves the parameters");
    }
}
