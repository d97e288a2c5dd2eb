package dev.trainspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.pipeline.testing.DemoImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.trainspark.bench.BenchConsole.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench ingest} times ingest and the plain loop over the same files, and refuses what it cannot run. */
class IngestBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void bothReadTheSameFilesAndTheRatioIsPrintedWithTheCoresOfEach() throws Exception {
        Path images = DemoImages.copyClasses(tmp.resolve("images"), 6, "0", "1", "7");
        Files.writeString(images.resolve("7").resolve("notes.txt"), "not an image");
        Path out = tmp.resolve("bench");

        var o = run("bench", "ingest", "--data", images.toString(), "--warm-up", "2", "--repetitions", "2",
                "--set", "spark.master=local[2]", "--out", out.toString());

        assertEquals(0, o.code(), o.stderr());
        assertTrue(o.stdout().contains("bench ingest: 19 files in the class folders of "), o.stdout());
        assertTrue(o.stdout().contains("ingest:       19 files (18 kept) in ") && o.stdout().contains("images/s on 2 core(s) (spark.master local[2])"),
                o.stdout());
        assertTrue(o.stdout().contains("plain decode: 19 files (18 decoded) in ") && o.stdout().contains("images/s on 1 core (one thread, no Spark)"),
                o.stdout());
        List<String> lines = o.stdout().lines().toList();
        assertTrue(lines.get(lines.size() - 1).matches("ratio ingest/plain decode = \\d+\\.\\d\\d   \\(target >= 0\\.8\\)"), o.stdout());

        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        JsonNode ingest = metrics.path("ingest");
        JsonNode plain = metrics.path("plain_decode");
        assertEquals(18, ingest.path("images").asInt());
        assertEquals(18, plain.path("images").asInt());
        assertEquals(2, ingest.path("cores").asInt());
        assertEquals(1, plain.path("cores").asInt());
        assertEquals(2, ingest.path("pass_seconds").size());
        double fastestIngest = Math.min(ingest.path("pass_seconds").get(0).asDouble(), ingest.path("pass_seconds").get(1).asDouble());
        assertEquals(19 / fastestIngest, ingest.path("images_per_s").asDouble(), 1e-6);
        assertEquals(ingest.path("images_per_s").asDouble() / plain.path("images_per_s").asDouble(),
                metrics.path("ratio_ingest_plain_decode").asDouble(), 1e-9);
        assertFalse(Files.exists(out.resolve(IngestBenchmark.SCRATCH)), "the ingested copies are deleted");
    }

    @Test
    void warmUpAndRepetitionsBelowOneAreExit2NamingBothAndLeaveNoRunFolder() {
        for (String[] bad : new String[][] {{"--warm-up", "0"}, {"--repetitions", "0"}}) {
            Path out = tmp.resolve("bad" + bad[0]);
            var o = run("bench", "ingest", bad[0], bad[1], "--out", out.toString());
            assertEquals(2, o.code(), o.stderr());
            assertTrue(o.stderr().contains(bad[0] + " 0") && o.stderr().contains("; accepted: integers >= 1"), o.stderr());
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void aManifestOrAnIngestedDatasetIsExit2NamingDataPath() throws Exception {
        Path manifest = Files.writeString(tmp.resolve("manifest.csv"), "path,label\n");
        var fromManifest = run("bench", "ingest", "--data", manifest.toString(), "--out", tmp.resolve("a").toString());
        assertEquals(2, fromManifest.code(), fromManifest.stderr());
        assertTrue(fromManifest.stderr().contains("bench ingest: data.path '" + manifest + "' is not a folder; accepted: "
                + "a folder of raw images laid out as root/<class>/<image>"), fromManifest.stderr());
        assertFalse(Files.exists(tmp.resolve("a")));

        Path dataset = Files.createDirectories(tmp.resolve("dataset"));
        Files.writeString(dataset.resolve("dataset.json"), "{}");
        var fromDataset = run("bench", "ingest", "--data", dataset.toString(), "--out", tmp.resolve("b").toString());
        assertEquals(2, fromDataset.code(), fromDataset.stderr());
        assertTrue(fromDataset.stderr().contains("is an ingested dataset"), fromDataset.stderr());
        assertFalse(Files.exists(tmp.resolve("b")));
    }
}
