package dev.trainspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.trainspark.bench.BenchConsole.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench predict} scores the same images with small_cnn_bn and its folded copy, and refuses what it cannot run. */
class PredictBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void bothNetworksScoreTheSameImagesAndTheRatioIsPrinted() throws Exception {
        Path out = tmp.resolve("bench");
        var o = run("bench", "predict", "--width", "0.25", "--images", "40", "--repetitions", "2", "--out", out.toString());
        assertEquals(0, o.code(), o.stderr());
        assertTrue(o.stdout().contains("bench predict: small_cnn_bn width 0.25, 28x28x1"), o.stdout());
        assertTrue(o.stdout().lines().reduce((a, b) -> b).orElse("").matches("ratio folded/unfolded images/s = \\d+\\.\\d\\d"),
                o.stdout());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(14, metrics.path("unfolded").path("layers").asInt());
        assertEquals(11, metrics.path("folded").path("layers").asInt());
        assertEquals(2, metrics.path("folded").path("pass_seconds").size());
        assertTrue(metrics.path("max_abs_probability_difference").asDouble() <= 1e-5, metrics.toString());
        double ratio = metrics.path("folded").path("images_per_s").asDouble() / metrics.path("unfolded").path("images_per_s").asDouble();
        assertEquals(ratio, metrics.path("ratio_folded_unfolded").asDouble(), 1e-9);
    }

    @Test
    void aGraphNetworkFoldsToo() throws Exception {
        Path out = tmp.resolve("graph");
        var o = run("bench", "predict", "--architecture", "resnet18", "--width", "0.125", "--images", "16", "--repetitions",
                "1", "--out", out.toString());
        assertEquals(0, o.code(), o.stderr());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertTrue(metrics.path("folded").path("layers").asInt() < metrics.path("unfolded").path("layers").asInt(),
                metrics.toString());
        assertTrue(metrics.path("max_abs_probability_difference").asDouble() <= 1e-5, metrics.toString());
    }

    @Test
    void anUnknownArchitectureIsExit2NamingTheOption() {
        var unknown = run("bench", "predict", "--architecture", "resnet9", "--out", tmp.resolve("a").toString());
        assertEquals(2, unknown.code(), unknown.stderr());
        assertTrue(unknown.stderr().contains("--architecture is 'resnet9'; accepted: lenet, small_cnn_bn"), unknown.stderr());
        assertFalse(Files.exists(tmp.resolve("a")));
    }
}
