package dev.trainspark.driver.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.driver.cli.Console;
import dev.trainspark.driver.config.ConfigLoader;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.pipeline.io.HadoopFiles;
import dev.trainspark.pipeline.testing.DemoImages;
import dev.trainspark.workers.fit.Sample;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --overfit N}: a working pipeline memorises a few real digits per class; one whose
 * labels are dealt afresh every epoch, detached from the images, cannot, and is reported.
 */
class OverfitJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CLASSES = {"0", "1", "4", "7"};
    private static final int PER_CLASS = 4;
    @TempDir
    static Path tmp;
    private static Path images;

    @BeforeAll
    static void data() throws Exception {
        images = DemoImages.copyClasses(tmp.resolve("digits"), 12, CLASSES);
    }

    private static List<String> settings() {
        return List.of("data.path=" + images, "split.test_per_class=4", "spark.master=local[2]", "model.l2=0");
    }

    @Test
    void aWorkingPipelineMemorisesAFewImagesPerClass() throws Exception {
        Path out = tmp.resolve("pass");
        Console.Outcome o = Console.run("train", "--overfit", String.valueOf(PER_CLASS), "--data", images.toString(),
                "--out", out.toString(), "--set", "split.test_per_class=4", "--set", "spark.master=local[2]");
        assertEquals(0, o.code(), o.stdout() + o.stderr());
        String verdict = o.stdout().lines().filter(l -> l.startsWith("overfit: loss ")).findFirst().orElseThrow();
        assertTrue(verdict.matches("overfit: loss \\d+\\.\\d{4} -> \\d+\\.\\d{4} \\(PASS\\)"), verdict);
        JsonNode report = JSON.readTree(out.resolve("overfit.json").toFile());
        assertEquals("PASS", report.path("verdict").asText());
        assertTrue(report.path("rounds").asInt() >= OverfitJob.MIN_STEPS, report.toString());
        double first = report.path("first_loss").asDouble();
        double last = report.path("last_loss").asDouble();
        assertTrue(first > 0.5 * Math.log(CLASSES.length), "an untrained network's loss first: " + first);
        assertTrue(last < 0.1 * Math.log(CLASSES.length), "near zero at the end: " + last);
        assertEquals(1.0, report.path("accuracy_on_same_images").asDouble(), "tested on the same images");
        // The weight penalty is off, as config.yaml records.
        assertTrue(ConfigLoader.load(java.nio.file.Files.readString(out.resolve("config.yaml")), "run", List.of())
                .model().l2() == 0);
        assertEquals("complete", JSON.readTree(out.resolve("status.json").toFile()).path("state").asText());
    }

    @Test
    void aNetworkThatCannotLearnFailsTheRunWithExitOne() throws Exception {
        Path out = tmp.resolve("frozen");
        Console.Outcome o = Console.run("train", "--overfit", String.valueOf(PER_CLASS), "--data", images.toString(),
                "--out", out.toString(), "--set", "split.test_per_class=4", "--set", "spark.master=local[2]",
                "--set", "model.updater=sgd", "--set", "model.learning_rate=1e-9");
        assertEquals(1, o.code(), o.stdout() + o.stderr());
        assertTrue(o.stdout().lines().anyMatch(l -> l.matches("overfit: loss \\d+\\.\\d{4} -> \\d+\\.\\d{4} \\(FAIL: .*")),
                o.stdout());
        List<String> errors = o.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, errors.size(), o.stderr());
        assertTrue(errors.get(0).startsWith("error: overfit check failed: the training loss went from "), errors.get(0));
        JsonNode status = JSON.readTree(out.resolve("status.json").toFile());
        assertEquals("failed", status.path("state").asText());
        assertTrue(status.path("error").asText().startsWith("overfit check failed"), status.toString());
    }

    @Test
    void labelsDetachedFromTheirImagesCannotBeOverfitted() throws Exception {
        TrainsparkConfig config = ConfigLoader.load("", "test", settings());
        int classes = CLASSES.length;
        // Each epoch deals every image a new label: what a pipeline that loses the pairing would feed the network.
        OverfitJob.EpochShards detached = (shards, epoch) -> shards.map(s -> new Sample(s.id(),
                new SplittableRandom(s.id().hashCode() * 31L + epoch).nextInt(classes), s.pixels(), s.path()));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SparkSession spark = SparkSessions.create(config.spark());
        try (RunDirectory run = RunDirectory.create(new HadoopFiles(new Configuration()), tmp.resolve("fail").toString())) {
            OverfitJob.Verdict verdict = new OverfitJob(spark, config, run, new PrintStream(printed, true, StandardCharsets.UTF_8),
                    PER_CLASS, detached).run();
            assertFalse(verdict.passed(), printed.toString(StandardCharsets.UTF_8));
            assertTrue(verdict.lastLoss() > 0.5 * Math.log(classes), "stays near chance: " + verdict.lastLoss());
            assertTrue(verdict.line().startsWith(String.format("overfit: loss %.4f -> %.4f (FAIL: ", verdict.firstLoss(),
                    verdict.lastLoss())), verdict.line());
            assertTrue(printed.toString(StandardCharsets.UTF_8).contains(verdict.line()));
            assertEquals("FAIL", JSON.readTree(tmp.resolve("fail/overfit.json").toFile()).path("verdict").asText());
        } finally {
            spark.stop();
        }
    }
}
