package dev.trainspark.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.pipeline.testing.DemoImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/trainspark} started from another folder: relative --config, --data and --out are the
 * caller's, not the repository's. The launcher runs on this test's classpath (TRAINSPARK_CLASSPATH),
 * so it builds nothing.
 */
class LauncherTest {
    @TempDir
    static Path caller;

    private static Path repo;

    private record Outcome(int code, String output) {
    }

    @BeforeAll
    static void findLauncher() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bin/trainspark"))) {
                repo = p;
                break;
            }
        }
        assertTrue(repo != null, "bin/trainspark not found above " + Path.of("").toAbsolutePath());
        // The JVM resolves against its working directory as the OS reports it, links resolved.
        caller = caller.toRealPath();
        DemoImages.copyClasses(caller.resolve("imgs"), 10, "0", "1", "2");
    }

    private static Outcome launch(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", repo.resolve("bin/trainspark").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(caller.toFile()).redirectErrorStream(true);
        builder.environment().put("TRAINSPARK_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("TRAINSPARK_JAVA_OPTS", "-Xmx1g");
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "launcher did not finish");
        return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    @Test
    void relativeConfigDataAndOutAreTheCallersPaths() throws Exception {
        Files.writeString(caller.resolve("small.yaml"), "seed: 1234\n");
        Outcome o = launch("ingest", "--config", "small.yaml", "--data", "./imgs", "--out", "./run1");
        assertEquals(0, o.code(), o.output());
        Path run = caller.resolve("run1");
        assertTrue(Files.isDirectory(run.resolve("dataset")), o.output());
        assertTrue(Files.readString(run.resolve("config.yaml")).contains("seed: 1234"), "the caller's small.yaml was read");
        JsonNode report = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        assertEquals(30, report.path("images_kept").asInt(), o.output());
        assertTrue(report.path("source").asText().contains(caller.resolve("imgs").toString()), report.toString());
        assertTrue(o.output().contains(caller.resolve("run1/dataset").toString()), o.output());
        assertFalse(Files.exists(repo.resolve("run1")), "nothing written into the repository");
    }

    @Test
    void aSignalDuringTrainingEndsInOneErrorLineAndAFailedRun() throws Exception {
        // Epochs of 60 allreduce rounds, reported as they end: the first one's line comes while its
        // epoch's Spark stage is still running, and the signal cancels that stage's job.
        DemoImages.copyClasses(caller.resolve("imgs100"), 100, "0", "1", "2");
        List<String> command = List.of("bash", repo.resolve("bin/trainspark").toString(), "train", "--data", "./imgs100",
                "--out", "./run3", "--set", "train.epochs=500", "--set", "train.sync=allreduce", "--set", "train.batch_size=2",
                "--set", "train.averaging_frequency=1");
        Path log = caller.resolve("run3.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(caller.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("TRAINSPARK_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("TRAINSPARK_JAVA_OPTS", "-Xmx1g");
        Process process = builder.start();
        process.getOutputStream().close();
        Path events = caller.resolve("run3").resolve("events.jsonl");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        try {
            while (!Files.exists(events) || Files.size(events) == 0) {
                assertTrue(process.isAlive(), "training ended before it was signalled: " + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "no round after 4 minutes: " + Files.readString(log));
                Thread.sleep(200);
            }
            // SIGTERM, as a scheduler or a user's Ctrl-C would stop it, while it trains.
            process.destroy();
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the signalled launcher did not exit");
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertEquals(1, process.exitValue(), output);
        List<String> errors = output.lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), output);
        assertTrue(errors.get(0).contains("marked failed"), errors.get(0));
        JsonNode status = new ObjectMapper().readTree(caller.resolve("run3/status.json").toFile());
        assertEquals("failed", status.path("state").asText(), status.toString());
    }

    @Test
    void missingRelativeConfigNamesTheAbsolutePathTried() throws Exception {
        Outcome o = launch("ingest", "--config", "missing.yaml", "--data", "./imgs", "--out", "./run2");
        assertEquals(2, o.code(), o.output());
        assertTrue(o.output().contains("'missing.yaml'"), o.output());
        assertTrue(o.output().contains(caller.resolve("missing.yaml").toString()), o.output());
        assertFalse(Files.exists(caller.resolve("run2")), "no run folder for a run that never started");
    }
}
