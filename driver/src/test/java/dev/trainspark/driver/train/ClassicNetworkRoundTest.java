package dev.trainspark.driver.train;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.OptimizerSpec;
import dev.trainspark.models.ParameterCounts;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import dev.trainspark.workers.fit.RoundPlan;
import dev.trainspark.workers.fit.RoundResult;
import dev.trainspark.workers.fit.Sample;
import dev.trainspark.workers.fit.ShardTrainer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One parameter-averaging round on local[2] for every architecture of the zoo, stacks and graphs, at
 * an eighth of their width on tiny data: the round's parameters are the mean of what each partition fits on its own,
 * dropout and batch normalization included.
 */
@WithLocalSpark
class ClassicNetworkRoundTest {
    private static final int BATCH = 4;
    private static final int FREQUENCY = 2;

    private static List<Sample> samples(NetworkSpec spec, int n) {
        Random random = new Random(5);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] pixels = new float[spec.inputSize()];
            int label = i % spec.numClasses();
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (p % spec.numClasses() == label ? 0.8f : 0f) + 0.1f * random.nextFloat();
            }
            out.add(new Sample(String.format("id-%04d", i), label, pixels));
        }
        return out;
    }

    private static void averagesOneRound(JavaSparkContext sc, Architecture architecture) {
        // Plain SGD, as in ParameterAveragingTest: the last bits a task's BLAS threads change stay last bits.
        NetworkSpec spec = new NetworkSpec(architecture, 28, 28, 1, 3, new OptimizerSpec("sgd", 0.01, 0), 1, List.of(),
                null, 0.125);
        JavaRDD<Sample> shards = sc.parallelize(samples(spec, 16), 2);
        ModelState start = ModelState.of(Networks.build(spec));
        assertEquals(ParameterCounts.of(spec), start.params().length);
        RoundPlan plan = new RoundPlan(0, 0, BATCH, FREQUENCY, 0, 42);

        RoundResult averaged = new ParameterAveraging(sc, spec, BATCH, FREQUENCY, 42).fitRound(shards, start, plan);

        List<List<Sample>> partitions = shards.glom().collect();
        ShardTrainer trainer = new ShardTrainer(spec);
        float[] p0 = trainer.fitRound(0, partitions.get(0).iterator(), start, plan).average().params();
        float[] p1 = trainer.fitRound(1, partitions.get(1).iterator(), start, plan).average().params();
        float[] mean = new float[p0.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) (((double) p0[i] + p1[i]) / 2);
        }
        String name = architecture.configName();
        assertEquals(2, averaged.replicas(), name);
        assertEquals(2L * FREQUENCY * BATCH, averaged.examples(), name);
        assertTrue(Double.isFinite(averaged.meanLoss()) && averaged.meanLoss() > 0, name + " loss " + averaged.meanLoss());
        assertArrayEquals(mean, averaged.average().params(), 1e-5f, name);
        assertFalse(Arrays.equals(p0, p1), name + ": the partitions fit different data");
        assertFalse(Arrays.equals(start.params(), averaged.average().params()), name + ": the round moves the parameters");
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void everyArchitectureAveragesOneRound(Architecture architecture, JavaSparkContext sc) {
        averagesOneRound(sc, architecture);
    }
}
