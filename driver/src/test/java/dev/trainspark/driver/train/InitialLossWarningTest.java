package dev.trainspark.driver.train;

import dev.trainspark.driver.config.ConfigLoader;
import dev.trainspark.driver.config.TrainConfig;
import dev.trainspark.driver.run.Checkpoints;
import dev.trainspark.driver.run.EventLog;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.models.Architecture;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.pipeline.io.HadoopFiles;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import dev.trainspark.workers.fit.MinibatchSteps;
import dev.trainspark.workers.fit.Sample;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The initial-loss check inside the training loop: quiet for images scaled as the pipeline scales
 * them, a warning on the console and in events.jsonl for pixels left at 0-255, and training goes on.
 */
@WithLocalSpark
class InitialLossWarningTest {
    private static final int CLASSES = 3;
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.LENET, 28, 28, 1, CLASSES, "adam", 1e-3, 0, 1);
    private static final TrainConfig TRAIN = ConfigLoader.load("", "test",
            List.of("train.epochs=1", "train.batch_size=8", "train.averaging_frequency=2")).train();

    @TempDir
    Path tmp;

    /** Pixels in [0, scale]: a class's pattern plus noise. */
    private static List<Sample> samples(float scale) {
        Random random = new Random(3);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            float[] pixels = new float[SPEC.inputSize()];
            int label = i % CLASSES;
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = scale * ((p % CLASSES == label ? 0.8f : 0f) + 0.2f * random.nextFloat());
            }
            out.add(new Sample(String.format("s%03d", i), label, pixels));
        }
        return out;
    }

    /** Trains one epoch on the samples and returns the console output; the events stay in {@code dir}. */
    private static String train(JavaSparkContext sc, Path dir, float scale) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (RunDirectory run = RunDirectory.create(new HadoopFiles(new Configuration()), dir.toString())) {
            TrainingData data = new TrainingData(sc.parallelize(samples(scale), 2), 24, Map.of());
            ModelFit.Result result = new ModelFit(sc, TRAIN, MinibatchSteps.PLAIN, 1, "", console, new long[]{16, 16, 16})
                    .fit(data, SPEC, new Checkpoints(run, RunDirectory.CHECKPOINTS), new EventLog(run, RunDirectory.EVENTS),
                            state -> new double[]{0, 0}, score -> { }, null, "");
            assertEquals(SPEC, result.spec(), "no divergence, the learning rate stays");
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pixelsLeftUnscaledAreReportedAndTrainingGoesOn(JavaSparkContext sc) throws Exception {
        Path scaled = tmp.resolve("scaled");
        String quiet = train(sc, scaled, 1);
        assertFalse(quiet.contains("initial loss"), quiet);
        assertFalse(Files.readString(scaled.resolve("events.jsonl")).contains("\"event\""));

        Path unscaled = tmp.resolve("unscaled");
        String warned = train(sc, unscaled, 255);
        assertTrue(warned.contains("warning: initial loss") && warned.contains("too high")
                && warned.contains("wrong input scaling"), warned);
        List<String> events = Files.readAllLines(unscaled.resolve("events.jsonl"));
        assertTrue(events.get(0).contains("\"round\":1") && !events.get(0).contains("\"event\""), "round 1 first: " + events);
        assertTrue(events.get(1).startsWith("{\"event\":\"initial_loss_warning\""), events.get(1));
        assertTrue(events.get(1).contains("\"expected\":" + Math.log(CLASSES)), events.get(1));
        assertEquals(1, events.stream().filter(l -> l.contains("initial_loss_warning")).count());
        assertTrue(Files.isDirectory(unscaled.resolve("checkpoints/epoch-0001")), "the epoch ended with its checkpoint");
    }
}
