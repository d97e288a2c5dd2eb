package dev.trainspark.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.pipeline.testing.DemoImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each bad input ends with its exit code and a message naming the key or path and what is accepted. */
class BadInputTest {
    @TempDir
    Path tmp;

    private static Console.Outcome run(String... args) {
        return Console.run(args);
    }

    private static void assertMentions(Console.Outcome o, String... parts) {
        for (String p : parts) {
            assertTrue(o.stderr().contains(p), "expected '" + p + "' in: " + o.stderr());
        }
    }

    @Test
    void unknownKeyWrongTypeAndNonPositiveSizeAreUsageErrorsWithoutARunFolder() throws Exception {
        Path config = Files.writeString(tmp.resolve("c.yaml"), "train:\n  epoch: 3\n");
        Path out = tmp.resolve("never");
        Console.Outcome unknown = run("train", "--config", config.toString(), "--out", out.toString());
        assertEquals(2, unknown.code());
        assertMentions(unknown, "train.epoch", "epochs");
        Console.Outcome type = run("train", "--set", "train.workers=two", "--out", out.toString());
        assertEquals(2, type.code());
        assertMentions(type, "train.workers", "an integer");
        Console.Outcome zero = run("train", "--set", "train.batch_size=0", "--out", out.toString());
        assertEquals(2, zero.code());
        assertMentions(zero, "train.batch_size", "> 0");
        Console.Outcome missingConfig = run("train", "--config", tmp.resolve("nope.yaml").toString());
        assertEquals(2, missingConfig.code());
        assertMentions(missingConfig, "nope.yaml", "does not exist");
        assertEquals(2, run("train", "--no-such-option").code());
        assertFalse(Files.exists(out), "no run folder for a run that never started");
    }

    @Test
    void allreduceOnFewerTaskSlotsThanWorkersStopsBeforeTheDataIsReadNamingTheWayOut() throws Exception {
        Path images = DemoImages.copyClasses(tmp.resolve("slots"), 2, "0", "1");
        Path out = tmp.resolve("r-slots");
        Console.Outcome o = run("train", "--data", images.toString(), "--out", out.toString(), "--set", "spark.master=local[1]",
                "--set", "train.sync=allreduce");
        assertEquals(2, o.code(), o.stderr());
        assertMentions(o, "error: train.sync is allreduce, which runs all 2 workers' tasks at once, but the cluster offers 1 "
                + "task slot(s) (spark.master local[1]); accepted: train.workers at most 1, more executor cores, or train.sync driver");
        assertFalse(o.stdout().contains("ingest:"), "nothing was ingested: " + o.stdout());
        JsonNode status = new ObjectMapper().readTree(out.resolve("status.json").toFile());
        assertEquals("failed", status.get("state").asText());
    }

    @Test
    void missingDataPathIsBadData() {
        Console.Outcome o = run("train", "--data", tmp.resolve("absent").toString(), "--out", tmp.resolve("r").toString());
        assertEquals(3, o.code());
        assertMentions(o, "data.path", "absent", "does not exist", "root/<class>/<image>");
        assertFalse(Files.exists(tmp.resolve("r")));
    }

    @Test
    void aRelativeDataPathThatDoesNotExistIsNamedWithTheAbsolutePathTried() {
        Console.Outcome o = run("train", "--data", "no-such-images", "--out", tmp.resolve("r").toString());
        assertEquals(3, o.code(), o.stderr());
        assertMentions(o, "data.path 'no-such-images' (" + Path.of("no-such-images").toAbsolutePath() + ") does not exist");
    }

    @Test
    void unsetDataPathIsAConfigError() {
        for (String command : new String[] {"train", "ingest"}) {
            Console.Outcome o = run(command, "--out", tmp.resolve("r-" + command).toString());
            assertEquals(2, o.code(), o.stderr());
            assertMentions(o, "data.path is not set", "--data");
            assertFalse(Files.exists(tmp.resolve("r-" + command)));
        }
    }

    @Test
    void aFractionalIntegerIsRefusedNamingTheOverrideThatGaveIt() throws Exception {
        Path config = Files.writeString(tmp.resolve("demo.yaml"), "train:\n  epochs: 2\n");
        Console.Outcome set = run("train", "--config", config.toString(), "--set", "train.epochs=1.5", "--out", tmp.resolve("r1").toString());
        assertEquals(2, set.code(), set.stderr());
        assertMentions(set, "error: --set train.epochs=1.5: train.epochs is", "accepted: an integer");
        assertFalse(set.stderr().contains("demo.yaml"), set.stderr());

        Files.writeString(config, "train:\n  epochs: 2.9\n");
        Console.Outcome file = run("train", "--config", config.toString(), "--out", tmp.resolve("r2").toString());
        assertEquals(2, file.code(), file.stderr());
        assertMentions(file, "error: " + config + ": train.epochs is", "accepted: an integer");
        assertFalse(Files.exists(tmp.resolve("r1")) || Files.exists(tmp.resolve("r2")));
    }

    @Test
    void aManifestRowWithoutALabelIsBadDataInOneLineNamingTheManifestAndTheLine() throws Exception {
        Path images = DemoImages.copyClasses(tmp.resolve("images"), 2, "0", "1");
        Path manifest = Files.writeString(images.resolve("manifest.csv"), "path,label\n"
                + "0/" + DemoImages.digits("0", 1).get(0).getFileName() + ",0\n"
                + "1/" + DemoImages.digits("1", 1).get(0).getFileName() + "\n");
        Console.Outcome o = run("ingest", "--data", manifest.toString(), "--out", tmp.resolve("r").toString());
        assertEquals(3, o.code(), o.stderr());
        List<String> errors = o.stderr().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), o.stderr());
        assertTrue(errors.get(0).contains("manifest.csv' line 3, column 2 (label): is missing"), errors.get(0));
        assertTrue(o.stderr().lines().noneMatch(l -> l.stripLeading().startsWith("at ")), "no stack trace: " + o.stderr());
    }

    @Test
    void imagesAboveDataMaxPixelsAreSkippedAndListedWithTheSizeAndTheLimit() throws Exception {
        Path images = DemoImages.copyClasses(tmp.resolve("images"), 2, "0", "1");
        Files.write(images.resolve("1").resolve("wide.jpg"), DemoImages.rgbJpeg(DemoImages.digits("1", 1).get(0), 60, 45));
        Console.Outcome o = run("ingest", "--data", images.toString(), "--set", "data.max_pixels=1000",
                "--out", tmp.resolve("r").toString());
        assertEquals(0, o.code(), o.stderr());
        JsonNode report = new ObjectMapper().readTree(tmp.resolve("r").resolve("ingest_report.json").toFile());
        assertEquals(4, report.path("images_kept").asInt());
        assertEquals(1, report.path("skipped_files").size());
        assertTrue(report.path("skipped_files").get(0).path("path").asText().endsWith("/1/wide.jpg"), report.toString());
        assertEquals("image too large: 60x45 pixels exceeds data.max_pixels 1000",
                report.path("skipped_files").get(0).path("reason").asText());
    }

    @Test
    void emptyDatasetClassWithoutImagesAndTooManyWorkersMarkTheRunFailed() throws Exception {
        Path junk = Files.createDirectories(tmp.resolve("junk/cats"));
        Files.writeString(junk.resolve("readme.txt"), "no images here");
        assertFailedWithBadData(run("train", "--data", tmp.resolve("junk").toString(), "--out", tmp.resolve("r1").toString()),
                tmp.resolve("r1"), "no readable PNG or JPEG");

        Path withEmptyClass = DemoImages.copyClasses(tmp.resolve("d2"), 3, "0", "1");
        Files.createDirectories(withEmptyClass.resolve("2"));
        assertFailedWithBadData(run("train", "--data", withEmptyClass.toString(), "--out", tmp.resolve("r2").toString()),
                tmp.resolve("r2"), "class folder");

        Path tiny = DemoImages.copyClasses(tmp.resolve("d3"), 2, "0", "1");
        assertFailedWithBadData(run("train", "--data", tiny.toString(), "--out", tmp.resolve("r3").toString(),
                "--set", "split.test_per_class=1", "--set", "train.workers=3"), tmp.resolve("r3"), "train.workers is 3");

        assertFailedWithBadData(run("train", "--data", tiny.toString(), "--out", tmp.resolve("r4").toString(),
                "--set", "split.test_per_class=2"), tmp.resolve("r4"), "too few for a holdout split");
    }

    @Test
    void anExistingRunFolderIsNotOverwritten() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "precious");
        Console.Outcome o = run("train", "--data", tmp.toString(), "--out", out.toString());
        assertEquals(2, o.code());
        assertMentions(o, "already exists", "--resume");
        assertEquals("precious", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void anOutFolderThatCannotBeCreatedIsAUsageError() {
        Console.Outcome o = run("train", "--data", DemoImages.mnistRoot().toString(), "--out", "/proc/no-such-place/run");
        assertEquals(2, o.code(), o.stderr());
        assertMentions(o, "--out '/proc/no-such-place/run' cannot be created", "accepted");
    }

    private static void assertFailedWithBadData(Console.Outcome o, Path runDir, String message) throws Exception {
        assertEquals(3, o.code(), o.stderr());
        assertMentions(o, message);
        assertEquals("failed", new ObjectMapper().readTree(runDir.resolve("status.json").toFile()).path("state").asText());
    }
}
