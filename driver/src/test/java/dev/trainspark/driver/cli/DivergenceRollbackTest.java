package dev.trainspark.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.pipeline.testing.DemoImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A learning rate far too high (plain SGD at 10^4 turns the loss to NaN in the first round) is
 * caught by the divergence guard: it rolls back and goes on at the lowered rate, which events.jsonl,
 * the saved model and a resumed run keep, or gives the run up once its roll-backs are spent.
 */
class DivergenceRollbackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    private static Path images;

    @BeforeAll
    static void data() throws Exception {
        images = DemoImages.copyClasses(tmp.resolve("digits"), 30, "0", "1", "7");
    }

    private static Console.Outcome train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", images.toString(), "--out", out.toString(),
                "--set", "split.test_per_class=5", "--set", "train.batch_size=8", "--set", "train.averaging_frequency=2",
                "--set", "train.epochs=1", "--set", "spark.master=local[2]", "--set", "model.updater=sgd",
                "--set", "model.learning_rate=10000"));
        args.addAll(Arrays.asList(extra));
        return Console.run(args.toArray(String[]::new));
    }

    private static List<JsonNode> events(Path out, String kind) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("events.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            if (kind.equals(n.path("event").asText(null))) {
                found.add(n);
            }
        }
        return found;
    }

    private static double savedLearningRate(Path out) throws Exception {
        return JSON.readTree(out.resolve("model/spec.json").toFile()).path("optimizer").path("learningRate").asDouble();
    }

    @Test
    void rollsBackGoesOnAtTheLoweredRateAndAResumedRunKeepsIt() throws Exception {
        Path out = tmp.resolve("recovered");
        Console.Outcome first = train(out, "--set", "train.divergence.lr_factor=0.000001");
        assertEquals(0, first.code(), first.stderr());
        // The first round may still be finite (and is then the initial loss); a later one of the epoch turns NaN.
        assertTrue(first.stdout().lines().anyMatch(l -> l.matches("divergence: loss NaN in epoch 1 round \\d; rolled back to the "
                + "initial state, learning rate 10000.0 -> 0.01 \\(roll-back 1 of 3\\)")), first.stdout());
        List<JsonNode> rollbacks = events(out, "rollback");
        assertEquals(1, rollbacks.size());
        assertEquals(0.01, rollbacks.get(0).path("learning_rate").asDouble(), 1e-12);
        assertEquals(0, rollbacks.get(0).path("rolled_back_to_epoch").asInt());
        assertEquals(0.01, savedLearningRate(out), 1e-12);
        // The diverged round was undone: the rounds left are one pass over the epoch, all finite.
        List<String> rounds = Files.readAllLines(out.resolve("events.jsonl")).stream().filter(l -> !l.contains("\"event\"")).toList();
        assertEquals(List.of(1, 2, 3), rounds.stream().map(l -> readTree(l).path("round").asInt()).toList());
        assertTrue(rounds.stream().allMatch(l -> readTree(l).path("loss").isNumber()), rounds.toString());
        assertEquals("complete", JSON.readTree(out.resolve("status.json").toFile()).path("state").asText());

        Console.Outcome resumed = Console.run("train", "--resume", "--out", out.toString(), "--set", "train.epochs=2");
        assertEquals(0, resumed.code(), resumed.stderr());
        assertTrue(resumed.stdout().contains("resume: learning rate 0.01, as lowered after divergence"), resumed.stdout());
        assertFalse(resumed.stdout().contains("divergence:"), "no second roll-back: " + resumed.stdout());
        assertEquals(1, events(out, "rollback").size());
        assertEquals(0.01, savedLearningRate(out), 1e-12);
    }

    @Test
    void givesUpAfterMaxRetriesNamingTheLossTheRoundAndTheRetries() throws Exception {
        Path out = tmp.resolve("diverged");
        Console.Outcome o = train(out, "--set", "train.divergence.max_retries=2");
        assertEquals(1, o.code(), o.stderr());
        assertEquals(2, o.stdout().lines().filter(l -> l.startsWith("divergence: ")).count(), o.stdout());
        assertTrue(o.stdout().contains("learning rate 5000.0 -> 2500.0 (roll-back 2 of 2)"), o.stdout());
        List<String> errors = o.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, errors.size(), "one line: " + o.stderr());
        String reason = "training diverged: loss NaN in epoch 1 round \\d after 2 roll-back\\(s\\) \\(train.divergence.max_retries 2\\), "
                + "learning rate 2500.0; .*";
        assertTrue(errors.get(0).matches("error: " + reason), errors.get(0));
        JsonNode status = JSON.readTree(out.resolve("status.json").toFile());
        assertEquals("failed", status.path("state").asText());
        assertTrue(status.path("error").asText().matches(reason), status.toString());
        assertEquals(2, events(out, "rollback").size());
        assertEquals(1, events(out, "diverged").size());
        assertFalse(Files.exists(out.resolve("model")), "no model from a run that diverged");
    }

    @Test
    void underAllreduceTheGuardCancelsTheEpochsStageAndTheRunGoesOnFromTheRollBack() throws Exception {
        Path out = tmp.resolve("recovered-allreduce");
        Console.Outcome run = train(out, "--set", "train.divergence.lr_factor=0.000001", "--set", "train.sync=allreduce");
        assertEquals(0, run.code(), run.stderr());
        assertTrue(run.stdout().lines().anyMatch(l -> l.matches("divergence: loss NaN in epoch 1 round \\d; rolled back to the "
                + "initial state, learning rate 10000.0 -> 0.01 \\(roll-back 1 of 3\\)")), run.stdout());
        List<String> rounds = Files.readAllLines(out.resolve("events.jsonl")).stream().filter(l -> !l.contains("\"event\"")).toList();
        assertEquals(List.of(1, 2, 3), rounds.stream().map(l -> readTree(l).path("round").asInt()).toList());
        assertTrue(rounds.stream().allMatch(l -> readTree(l).path("loss").isNumber()), rounds.toString());
        assertEquals("complete", JSON.readTree(out.resolve("status.json").toFile()).path("state").asText());
    }

    private static JsonNode readTree(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
