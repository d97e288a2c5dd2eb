package dev.trainspark.driver.train;

import dev.trainspark.driver.config.TrainConfig;
import dev.trainspark.driver.run.Checkpoints;
import dev.trainspark.driver.run.EventLog;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.models.Architecture;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.OptimizerSpec;
import dev.trainspark.pipeline.io.HadoopFiles;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import dev.trainspark.workers.fit.MinibatchSteps;
import dev.trainspark.workers.fit.Sample;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run stopped after an epoch and resumed from its checkpoint ends with the bytes of an unbroken
 * run, for a stack network and a graph network (with batch norm and Adam's state), on one worker and
 * on two. The train command's own resume test covers the same through the command line for LeNet.
 */
@WithLocalSpark
class ModelFitResumeTest {
    private static final long SEED = 42;
    private static final HadoopFiles FILES = new HadoopFiles(new Configuration());
    private static final int ROWS = 36;
    private static JavaSparkContext sc;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void spark(JavaSparkContext context) {
        sc = context;
    }

    static Stream<Arguments> kindsAndWorkers() {
        NetworkSpec lenet = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 1e-4, 1);
        NetworkSpec resnet = new NetworkSpec(Architecture.RESNET18, 28, 28, 1, 3, new OptimizerSpec("adam", 1e-3, 1e-4), 1,
                List.of(), null, 0.125);
        return Stream.of(Arguments.of(Named.of("lenet", lenet), 1), Arguments.of(Named.of("lenet", lenet), 2),
                Arguments.of(Named.of("resnet18/8", resnet), 1), Arguments.of(Named.of("resnet18/8", resnet), 2));
    }

    private static List<Sample> samples(int n) {
        Random random = new Random(3);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] pixels = new float[28 * 28];
            int label = i % 3;
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (p % 3 == label ? 0.8f : 0f) + 0.1f * random.nextFloat();
            }
            out.add(new Sample(String.format("id-%04d", i), label, pixels));
        }
        return out;
    }

    /** Fits up to {@code epochs} in the run folder, continuing from its newest checkpoint when there is one. */
    private static String fit(RunDirectory run, TrainingData data, NetworkSpec spec, int workers, int epochs) throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        TrainConfig train = new TrainConfig(workers, epochs, 8, 2, null, null, 0, null, null, null, null, null);
        long[] perClass = {ROWS / 3, ROWS / 3, ROWS / 3};
        new ModelFit(sc, train, MinibatchSteps.PLAIN, SEED, "seed: 42\n", new PrintStream(console, true, StandardCharsets.UTF_8),
                perClass)
                .fit(data, spec, new Checkpoints(run, RunDirectory.CHECKPOINTS), new EventLog(run, RunDirectory.EVENTS),
                        state -> new double[]{0.5, 0.5}, score -> { }, null, "");
        return console.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} on {1} worker(s)")
    @MethodSource("kindsAndWorkers")
    void aRunResumedAfterItsFirstEpochEndsWithTheBytesOfAnUnbrokenRun(NetworkSpec spec, int workers) throws Exception {
        List<Sample> rows = samples(ROWS);
        JavaRDD<Sample> shards = sc.parallelize(rows, workers).cache();
        TrainingData data = new TrainingData(shards, (rows.size() + workers - 1) / workers, Map.of("0", 12L, "1", 12L, "2", 12L));
        String name = spec.architecture().configName() + "-" + workers;
        try (RunDirectory unbroken = RunDirectory.create(FILES, tmp.resolve(name + "-unbroken").toString())) {
            fit(unbroken, data, spec, workers, 2);
        }
        try (RunDirectory stopped = RunDirectory.create(FILES, tmp.resolve(name + "-stopped").toString())) {
            fit(stopped, data, spec, workers, 1);
            // What the train command writes first, and --resume looks for.
            FILES.writeString(stopped.path(RunDirectory.CONFIG), "seed: 42\n");
        }
        try (RunDirectory resumed = RunDirectory.existing(FILES, tmp.resolve(name + "-stopped").toString(), System.err)) {
            String console = fit(resumed, data, spec, workers, 2);
            assertTrue(console.contains("resume: continuing after epoch 1"), console);
        } finally {
            shards.unpersist(false);
        }
        byte[] expected = Files.readAllBytes(tmp.resolve(name + "-unbroken/checkpoints/epoch-0002/" + Checkpoints.STATE));
        byte[] actual = Files.readAllBytes(tmp.resolve(name + "-stopped/checkpoints/epoch-0002/" + Checkpoints.STATE));
        assertArrayEquals(expected, actual);
        byte[] afterFirst = Files.readAllBytes(tmp.resolve(name + "-unbroken/checkpoints/epoch-0001/" + Checkpoints.STATE));
        assertFalse(Arrays.equals(afterFirst, expected), "the second epoch moves the parameters");
        assertEquals(Files.readAllLines(tmp.resolve(name + "-unbroken/" + RunDirectory.EVENTS)).size(),
                Files.readAllLines(tmp.resolve(name + "-stopped/" + RunDirectory.EVENTS)).size());
    }
}
