package dev.trainspark.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.driver.model.HadoopModelFolder;
import dev.trainspark.driver.run.Checkpoint;
import dev.trainspark.pipeline.io.HadoopFiles;
import dev.trainspark.pipeline.testing.DemoImages;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * train and cv with train.early_stopping on real digits. A min_delta of 1 makes every epoch after the
 * first no improvement (no accuracy rises by more than 1), so the stopping epoch and the best epoch
 * are known in advance: with patience 2, training stops after epoch 3 and the model is epoch 1's.
 */
class EarlyStoppingRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STOPPING = {"--set", "train.early_stopping.patience=2",
            "--set", "train.early_stopping.min_delta=1"};

    @TempDir
    static Path tmp;
    private static Path images;
    private static Path full;
    private static Console.Outcome fullRun;

    @BeforeAll
    static void data() throws Exception {
        images = DemoImages.copyClasses(tmp.resolve("digits"), 40, "0", "1", "2", "3");
        full = tmp.resolve("full");
        fullRun = train(full, 6);
    }

    private static Console.Outcome train(Path out, int epochs) {
        List<String> args = new ArrayList<>(List.of("train", "--data", images.toString(), "--out", out.toString(),
                "--set", "split.test_per_class=10", "--set", "train.batch_size=16", "--set", "train.averaging_frequency=2",
                "--set", "train.keep_checkpoints=1", "--set", "train.epochs=" + epochs, "--set", "spark.master=local[2]"));
        args.addAll(Arrays.asList(STOPPING));
        return Console.run(args.toArray(String[]::new));
    }

    private static List<JsonNode> lines(Path file, String event) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode n = JSON.readTree(line);
            if (event == null ? !n.has("event") : event.equals(n.path("event").asText(null))) {
                found.add(n);
            }
        }
        return found;
    }

    private static float[] checkpointParams(Path checkpoints, int epoch) throws Exception {
        byte[] bytes = Files.readAllBytes(checkpoints.resolve(String.format("epoch-%04d/state.bin", epoch)));
        return Checkpoint.fromBytes(bytes, "test").state().params();
    }

    private static float[] modelParams(Path folder) throws Exception {
        return HadoopModelFolder.read(new HadoopFiles(new Configuration()), folder.toUri().toString()).members().get(0).params();
    }

    private static List<String> checkpointFolders(Path checkpoints) throws Exception {
        try (Stream<Path> folders = Files.list(checkpoints)) {
            return folders.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("epoch-")).sorted().toList();
        }
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndSavesTheBestEpochsParameters() throws Exception {
        assertEquals(0, fullRun.code(), fullRun.stderr());
        String out = fullRun.stdout();
        assertTrue(out.contains("early stopping: 12 training images held out for validation {0=3, 1=3, 2=3, 3=3}"), out);
        assertTrue(out.contains("early stopping: validation balanced_accuracy did not improve by more than 1.0 for 2 epoch(s); "
                + "stopped after epoch 3"), out);
        assertFalse(out.contains("epoch 4"), out);

        List<JsonNode> epochs = lines(full.resolve("epochs.jsonl"), null);
        assertEquals(List.of(1, 2, 3), epochs.stream().map(n -> n.path("epoch").asInt()).toList());
        for (JsonNode n : epochs) {
            for (String k : List.of("validation_accuracy", "validation_balanced_accuracy", "validation_macro_f1",
                    "validation_loss")) {
                assertTrue(n.path(k).isNumber(), k + " in " + n);
            }
        }
        List<JsonNode> validation = lines(full.resolve("events.jsonl"), "validation");
        assertEquals(List.of(0, 1, 2), validation.stream().map(n -> n.path("epochs_without_improvement").asInt()).toList());
        assertTrue(validation.stream().allMatch(n -> n.path("best_epoch").asInt() == 1), validation.toString());
        assertEquals(epochs.get(2).path("validation_balanced_accuracy").asDouble(), validation.get(2).path("value").asDouble());
        List<JsonNode> stop = lines(full.resolve("events.jsonl"), "early_stop");
        assertEquals(1, stop.size());
        assertEquals(3, stop.get(0).path("epoch").asInt());
        assertEquals(1, stop.get(0).path("best_epoch").asInt());

        // keep_checkpoints 1: the newest, and the best validation epoch, which pruning must keep.
        Path checkpoints = full.resolve("checkpoints");
        assertEquals(List.of("epoch-0001", "epoch-0003"), checkpointFolders(checkpoints));
        JsonNode manifest = JSON.readTree(checkpoints.resolve("epoch-0001/checkpoint.json").toFile());
        assertEquals(epochs.get(0).path("validation_loss").asDouble(), manifest.path("validation").path("loss").asDouble());

        float[] saved = modelParams(full);
        assertArrayEquals(checkpointParams(checkpoints, 1), saved, "the model is the best epoch's");
        assertFalse(Arrays.equals(checkpointParams(checkpoints, 3), saved), "not the last epoch's");
        // The test figures after training are those of epoch 1's state.
        assertEquals(epochs.get(0).path("accuracy").asDouble(),
                JSON.readTree(full.resolve("metrics.json").toFile()).path("accuracy").asDouble(), 1e-12);
    }

    @Test
    void aResumedRunContinuesTheCountAndAStoppedRunStaysStopped() throws Exception {
        assertEquals(0, fullRun.code(), fullRun.stderr());
        Path resumed = tmp.resolve("resumed");
        Console.Outcome first = train(resumed, 2);
        assertEquals(0, first.code(), first.stderr());
        assertArrayEquals(checkpointParams(resumed.resolve("checkpoints"), 1), modelParams(resumed),
                "two epochs without a stop: still the best epoch's model");

        // One epoch without improvement is on disk; one more reaches patience 2. A count started afresh
        // would take epoch 3 as the new best and go on.
        Console.Outcome second = Console.run("train", "--resume", "--out", resumed.toString(), "--set", "train.epochs=6");
        assertEquals(0, second.code(), second.stderr());
        assertTrue(second.stdout().contains("resume: continuing after epoch 2"), second.stdout());
        assertTrue(second.stdout().contains("stopped after epoch 3"), second.stdout());
        assertEquals(lines(full.resolve("events.jsonl"), "validation").toString(),
                lines(resumed.resolve("events.jsonl"), "validation").toString());
        assertEquals(lines(full.resolve("events.jsonl"), "early_stop").toString(),
                lines(resumed.resolve("events.jsonl"), "early_stop").toString());
        assertArrayEquals(Files.readAllBytes(full.resolve("checkpoints/epoch-0003/state.bin")),
                Files.readAllBytes(resumed.resolve("checkpoints/epoch-0003/state.bin")));
        assertArrayEquals(modelParams(full), modelParams(resumed));

        // Resumed again with more epochs, a stopped run trains no further.
        Console.Outcome third = Console.run("train", "--resume", "--out", resumed.toString(), "--set", "train.epochs=8");
        assertEquals(0, third.code(), third.stderr());
        assertTrue(third.stdout().contains("early stopping: the run had stopped after epoch 3"), third.stdout());
        assertFalse(third.stdout().contains(" round "), third.stdout());
        assertEquals(List.of("epoch-0001", "epoch-0003"), checkpointFolders(resumed.resolve("checkpoints")));
        assertArrayEquals(modelParams(full), modelParams(resumed));
    }

    @Test
    void eachCrossValidationFoldHoldsOutItsOwnShareAndStops() throws Exception {
        Path cv = tmp.resolve("cv");
        List<String> args = new ArrayList<>(List.of("cv", "--data", images.toString(), "--out", cv.toString(),
                "--set", "cv.n_splits=2", "--set", "train.batch_size=16", "--set", "train.averaging_frequency=4",
                "--set", "train.epochs=4", "--set", "spark.master=local[2]"));
        args.addAll(Arrays.asList(STOPPING));
        Console.Outcome o = Console.run(args.toArray(String[]::new));
        assertEquals(0, o.code(), o.stderr());
        for (int fold = 1; fold <= 2; fold++) {
            // 20 training images per class in each fold: 2 of each held out.
            assertTrue(o.stdout().contains("fold " + fold + "/2  early stopping: 8 training images held out for validation "
                    + "{0=2, 1=2, 2=2, 3=2}"), o.stdout());
            Path folder = cv.resolve(String.format("folds/fold-%02d", fold));
            assertEquals(3, lines(folder.resolve("events.jsonl"), "early_stop").get(0).path("epoch").asInt());
            assertEquals(3, lines(folder.resolve("epochs.jsonl"), null).size());
            assertArrayEquals(checkpointParams(folder.resolve("checkpoints"), 1), modelParams(folder));
        }
    }
}
