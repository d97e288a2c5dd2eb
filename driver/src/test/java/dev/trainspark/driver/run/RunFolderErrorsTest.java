package dev.trainspark.driver.run;

import dev.trainspark.driver.cli.Console;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.pipeline.testing.DemoImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An error once the run folder exists: one console line, the whole trace in the folder's error.log. */
class RunFolderErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static void assertFailed(Path out) throws Exception {
        assertEquals("failed", JSON.readTree(out.resolve("status.json").toFile()).path("state").asText());
        assertFalse(Files.exists(out.resolve(RunLock.FILE)), "the folder is released");
    }

    @Test
    void anExpectedErrorIsOneLineAndItsTraceIsInErrorLog() throws Exception {
        Path tiny = DemoImages.copyClasses(tmp.resolve("tiny"), 2, "0", "1");
        Path out = tmp.resolve("bad-data");
        Console.Outcome o = Console.run("train", "--data", tiny.toString(), "--out", out.toString(), "--set", "split.test_per_class=1",
                "--set", "train.workers=3");
        assertEquals(3, o.code(), o.stderr());
        assertEquals(1, o.stderr().lines().count(), "one line: " + o.stderr());
        assertTrue(o.stderr().startsWith("error: ") && o.stderr().contains("train.workers is 3"), o.stderr());
        String log = Files.readString(out.resolve(RunDirectory.ERROR_LOG));
        assertTrue(log.contains("dev.trainspark.pipeline.BadDataException: ") && log.contains("\tat "), log);
        assertFailed(out);
    }

    @Test
    void anUnexpectedErrorIsOneLineNamingErrorLogWhichHoldsTheTrace() throws Exception {
        Path out = tmp.resolve("unexpected");
        Console.Outcome o = Console.run("train", "--data", DemoImages.copyClasses(tmp.resolve("d"), 3, "0", "1").toString(),
                "--out", out.toString(), "--set", "spark.conf.spark.serializer=no.such.Serializer");
        assertEquals(1, o.code(), o.stderr());
        assertEquals(1, o.stderr().lines().count(), "one line: " + o.stderr());
        Path log = out.resolve(RunDirectory.ERROR_LOG);
        assertTrue(o.stderr().startsWith("error: java.lang.ClassNotFoundException: no.such.Serializer")
                && o.stderr().contains("(details in " + new org.apache.hadoop.fs.Path(log.toUri()) + ")"), o.stderr());
        String trace = Files.readString(log);
        assertTrue(trace.contains("java.lang.ClassNotFoundException: no.such.Serializer") && trace.contains("\tat "), trace);
        assertFailed(out);
    }

    @Test
    void rebalanceWritesItsImagesWithoutChecksumSideFiles() throws Exception {
        Path data = tmp.resolve("imbalanced");
        DemoImages.copyClasses(data, 30, "0");
        DemoImages.copyClasses(data, 12, "1");
        Path out = tmp.resolve("rebalanced");
        Console.Outcome o = Console.run("rebalance", "--data", data.toString(), "--out", out.toString(), "--set", "split.test_per_class=4",
                "--set", "rebalance.method=random_over");
        assertEquals(0, o.code(), o.stderr());
        try (Stream<Path> all = Files.walk(out)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            assertTrue(files.stream().filter(p -> p.toString().endsWith(".png")).count() >= 2 * 26, "images written: " + files);
            assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals("manifest.csv")));
            assertEquals(List.of(), files.stream().filter(p -> p.getFileName().toString().endsWith(".crc")).toList());
        }
    }
}
