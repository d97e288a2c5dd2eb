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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs whose JVM ends mid-run, in a JVM of their own: the folder is left honest and resumable. */
class AbnormalExitTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static Path images;

    @BeforeAll
    static void data() throws Exception {
        images = DemoImages.copyClasses(tmp.resolve("digits"), 40, "0", "1", "2");
    }

    /**
     * A JPEG of a few hundred bytes whose header claims 20000 x 20000 pixels: decoding it allocates
     * 1.2 GB, more than the forked JVM's heap, inside an ingest task (once data.max_pixels is raised
     * above its 400 megapixels; at the default limit ingest skips it unread).
     */
    private static byte[] decompressionBomb() throws Exception {
        byte[] jpeg = DemoImages.rgbJpeg(DemoImages.digits("0", 1).get(0), 28, 28);
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
                // SOF0: marker, length (2), precision (1), height (2), width (2)
                jpeg[i + 5] = 0x4e;
                jpeg[i + 6] = 0x20;
                jpeg[i + 7] = 0x4e;
                jpeg[i + 8] = 0x20;
                return jpeg;
            }
        }
        throw new IllegalStateException("no SOF0 marker in the test JPEG");
    }

    @Test
    void anOutOfMemoryErrorInATaskMarksTheRunFailedAndExitsWithOne() throws Exception {
        Path data = DemoImages.copyClasses(tmp.resolve("with-bomb"), 20, "0", "1");
        Files.write(data.resolve("0").resolve("huge.jpg"), decompressionBomb());
        Path out = tmp.resolve("oom");
        Path log = tmp.resolve("oom.log");
        Process process = ForkedMain.start(log, "train", "--data", data.toString(), "--out", out.toString(),
                "--set", "split.test_per_class=5", "--set", "train.epochs=1", "--set", "data.max_pixels=500000000");
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the forked run ends");
        String console = Files.readString(log);
        assertEquals(1, process.exitValue(), console);
        assertTrue(console.contains("java.lang.OutOfMemoryError"), console);
        JsonNode status = JSON.readTree(out.resolve("status.json").toFile());
        assertEquals("failed", status.path("state").asText());
        assertTrue(status.path("error").asText().contains("exited before the run ended"), status.toString());
        String errorLog = Files.readString(out.resolve("error.log"));
        assertTrue(errorLog.contains("called System.exit") && errorLog.contains("SparkUncaughtExceptionHandler"),
                "Spark's handler for fatal errors in tasks exited the JVM: " + errorLog);
        assertTrue(console.contains("details in " + out.toUri().toString().replace("file:///", "file:/") + "error.log"), console);
        assertFalse(Files.exists(out.resolve(RunLock.FILE)), "the folder is released");
    }

    @Test
    void aKilledRunHasAnEpochLineForEveryCheckpointAndIsTakenOverByResume() throws Exception {
        Path out = tmp.resolve("killed");
        Process process = ForkedMain.start(tmp.resolve("killed.log"), "train", "--data", images.toString(),
                "--out", out.toString(), "--set", "split.test_per_class=10", "--set", "train.epochs=3");
        Path firstCheckpoint = out.resolve("checkpoints/epoch-0001");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.isDirectory(firstCheckpoint) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long pid = process.pid();
        process.destroyForcibly().waitFor();
        assertTrue(Files.isDirectory(firstCheckpoint), Files.readString(tmp.resolve("killed.log")));
        assertEquals("running", JSON.readTree(out.resolve("status.json").toFile()).path("state").asText(),
                "killed before the end");
        assertTrue(Files.exists(out.resolve(RunLock.FILE)), "a killed process leaves its lock");
        Set<Integer> checkpointed = checkpointedEpochs(out);
        assertTrue(epochLines(out).containsAll(checkpointed), "epochs.jsonl " + epochLines(out) + ", checkpoints " + checkpointed);

        Console.Outcome resumed = Console.run("train", "--resume", "--out", out.toString());
        String warnings = resumed.stderr();
        assertEquals(0, resumed.code(), warnings);
        assertTrue(warnings.contains("warning:") && warnings.contains("pid " + pid) && warnings.contains("is not running"), warnings);
        assertEquals("complete", JSON.readTree(out.resolve("status.json").toFile()).path("state").asText());
        assertEquals(Set.of(1, 2, 3), epochLines(out));
        assertEquals(3, Files.readAllLines(out.resolve("epochs.jsonl")).size(), "one line per epoch");
        assertFalse(Files.exists(out.resolve(RunLock.FILE)));
    }

    private static Set<Integer> checkpointedEpochs(Path run) throws Exception {
        try (Stream<Path> folders = Files.list(run.resolve("checkpoints"))) {
            return folders.map(p -> p.getFileName().toString()).filter(n -> n.matches("epoch-\\d+"))
                    .map(n -> Integer.parseInt(n.substring(6))).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<Integer> epochLines(Path run) throws Exception {
        Path file = run.resolve("epochs.jsonl");
        if (!Files.exists(file)) {
            return Set.of();
        }
        Set<Integer> epochs = new TreeSet<>();
        for (String line : Files.readAllLines(file)) {
            epochs.add(JSON.readTree(line).path("epoch").asInt());
        }
        return epochs;
    }
}
