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
    void missingRelativeConfigNamesTheAbsolutePathTried() throws Exception {
        Outcome o = launch("ingest", "--config", "missing.yaml", "--data", "./imgs", "--out", "./run2");
        assertEquals(2, o.code(), o.output());
        assertTrue(o.output().contains("'missing.yaml'"), o.output());
        assertTrue(o.output().contains(caller.resolve("missing.yaml").toString()), o.output());
        assertFalse(Files.exists(caller.resolve("run2")), "no run folder for a run that never started");
    }
}
