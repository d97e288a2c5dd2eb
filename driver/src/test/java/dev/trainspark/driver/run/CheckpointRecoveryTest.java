package dev.trainspark.driver.run;

import dev.trainspark.driver.cli.Console;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints carry a manifest: a damaged one is passed over for the one before it, a run with none
 * intact is refused; only the newest few and the best are kept; and the run folder holds no
 * checksum side files.
 */
class CheckpointRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static Path images;

    @BeforeAll
    static void data() throws Exception {
        images = DemoImages.copyClasses(tmp.resolve("digits"), 40, "0", "1", "2", "3");
    }

    /**
     * With a learning-rate schedule that changes within and across epochs (4 minibatches an epoch:
     * warmup over 2, then halving every 3), so a resumed run ends where the unbroken one does only if
     * the workers step at the rate of the global iteration.
     */
    private static Console.Outcome train(Path out, int epochs) {
        return Console.run("train", "--data", images.toString(), "--out", out.toString(), "--set", "split.test_per_class=10",
                "--set", "train.batch_size=16", "--set", "train.averaging_frequency=2", "--set", "train.epochs=" + epochs,
                "--set", "model.schedule={type: step, step_size: 3, gamma: 0.5, warmup_iterations: 2, warmup_start: 0.1}");
    }

    private static Set<Integer> checkpoints(Path run) throws Exception {
        try (Stream<Path> folders = Files.list(run.resolve("checkpoints"))) {
            return folders.map(p -> p.getFileName().toString()).filter(n -> n.matches("epoch-\\d+"))
                    .map(n -> Integer.parseInt(n.substring(6))).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The epoch with the best test balanced accuracy (the newest of equals), from epochs.jsonl. */
    private static int bestEpoch(Path run) throws Exception {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (String line : Files.readAllLines(run.resolve("epochs.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            if (n.path("balanced_accuracy").asDouble() >= bestScore) {
                bestScore = n.path("balanced_accuracy").asDouble();
                best = n.path("epoch").asInt();
            }
        }
        return best;
    }

    private static List<Integer> epochLines(Path run) throws Exception {
        List<Integer> epochs = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("epochs.jsonl"))) {
            epochs.add(JSON.readTree(line).path("epoch").asInt());
        }
        epochs.sort(null);
        return epochs;
    }

    private static void truncate(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    }

    @Test
    void aDamagedNewestCheckpointIsPassedOverAndTheRunEndsWhereAnUnbrokenOneEnds() throws Exception {
        Path unbroken = tmp.resolve("unbroken");
        Console.Outcome a = train(unbroken, 4);
        assertEquals(0, a.code(), a.stderr());

        // Keep 2 (the default): the newest two and the best.
        Set<Integer> kept = new TreeSet<>(List.of(3, 4, bestEpoch(unbroken)));
        assertEquals(kept, checkpoints(unbroken));
        JsonNode manifest = JSON.readTree(unbroken.resolve("checkpoints/epoch-0004/checkpoint.json").toFile());
        assertEquals(Files.size(unbroken.resolve("checkpoints/epoch-0004/state.bin")), manifest.path("state_bytes").asLong());
        assertEquals(64, manifest.path("state_sha256").asText().length());
        assertTrue(manifest.path("balanced_accuracy").isNumber());

        List<String> crc = new ArrayList<>();
        try (Stream<Path> all = Files.walk(unbroken)) {
            all.filter(p -> p.getFileName().toString().endsWith(".crc")).forEach(p -> crc.add(unbroken.relativize(p).toString()));
        }
        assertEquals(List.of(), crc, "no checksum side files in the run folder, Spark's included");
        assertFalse(Files.exists(unbroken.resolve(RunLock.FILE)));

        Path damaged = tmp.resolve("damaged");
        assertEquals(0, train(damaged, 2).code());
        Path state = damaged.resolve("checkpoints/epoch-0002/state.bin");
        truncate(state);
        Console.Outcome resumed = Console.run("train", "--resume", "--out", damaged.toString(), "--set", "train.epochs=4");
        assertEquals(0, resumed.code(), resumed.stderr());
        assertTrue(resumed.stdout().contains("warning: checkpoint file:" + state + " is damaged"), resumed.stdout());
        assertTrue(resumed.stdout().contains("resume: continuing after epoch 1"), resumed.stdout());
        assertArrayEquals(Files.readAllBytes(unbroken.resolve("checkpoints/epoch-0004/state.bin")),
                Files.readAllBytes(damaged.resolve("checkpoints/epoch-0004/state.bin")),
                "resumed from epoch 1, the run ends with the parameters of the unbroken run");
        assertEquals(List.of(1, 2, 3, 4), epochLines(damaged), "one line per epoch, the redone epoch 2 once");

        // Every checkpoint damaged: nothing to resume from.
        try (Stream<Path> folders = Files.list(damaged.resolve("checkpoints"))) {
            for (Path folder : folders.toList()) {
                truncate(folder.resolve("state.bin"));
            }
        }
        Console.Outcome refused = Console.run("train", "--resume", "--out", damaged.toString(), "--set", "train.epochs=5");
        assertEquals(3, refused.code(), refused.stderr());
        assertEquals(1, refused.stderr().lines().count(), refused.stderr());
        assertTrue(refused.stderr().startsWith("error: --resume: no intact checkpoint in ")
                && refused.stderr().contains("state.bin is damaged"), refused.stderr());
        assertEquals("failed", JSON.readTree(damaged.resolve("status.json").toFile()).path("state").asText());
    }
}
