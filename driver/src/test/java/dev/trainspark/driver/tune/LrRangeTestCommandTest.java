package dev.trainspark.driver.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.driver.cli.Console;
import dev.trainspark.pipeline.testing.DemoImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tune lr} on 20 real digits per class: the sweep rises exponentially from --min, stops where
 * the loss diverges, and suggests a rate inside the range and below the divergence; bad options and
 * a bad config end with exit 2 and no run folder.
 */
class LrRangeTestCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUGGESTION = Pattern.compile("suggested learning rate: (\\S+) \\(steepest descent of the "
            + "smoothed loss at (\\S+); min loss at (\\S+) / 10 = (\\S+)\\)");
    @TempDir
    static Path tmp;
    private static Path images;

    @BeforeAll
    static void data() throws Exception {
        images = DemoImages.copyClasses(tmp.resolve("digits"), 20, "0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    @Test
    void theSweepRisesExponentiallyStopsAtDivergenceAndSuggestsARateBelowIt() throws Exception {
        Path out = tmp.resolve("sweep");
        double min = 1e-6;
        double max = 10;
        int iterations = 60;
        Console.Outcome o = Console.run("tune", "lr", "--data", images.toString(), "--out", out.toString(),
                "--min", String.valueOf(min), "--max", String.valueOf(max), "--iterations", String.valueOf(iterations),
                "--set", "split.test_per_class=5", "--set", "spark.master=local[2]");
        assertEquals(0, o.code(), o.stdout() + o.stderr());

        List<String> rows = Files.readAllLines(out.resolve("lr_range.csv"));
        assertEquals("iteration,learning_rate,loss,smoothed_loss", rows.get(0));
        int n = rows.size() - 1;
        double[] rate = new double[n];
        double[] loss = new double[n];
        double[] smoothed = new double[n];
        for (int i = 0; i < n; i++) {
            String[] f = rows.get(i + 1).split(",");
            assertEquals(i, Integer.parseInt(f[0]));
            rate[i] = Double.parseDouble(f[1]);
            loss[i] = Double.parseDouble(f[2]);
            smoothed[i] = Double.parseDouble(f[3]);
            // The ramp: --min at iteration 0, --max at the last planned one, one factor per iteration.
            assertEquals(min * Math.pow(max / min, i / (double) (iterations - 1)), rate[i], rate[i] * 1e-9, "rate " + i);
            if (i > 0) {
                assertTrue(rate[i] > rate[i - 1], "rates increase: row " + i);
            }
        }
        assertEquals(min, rate[0]);
        assertTrue(n < iterations, "the sweep stopped early at divergence, after " + n + " of " + iterations);
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n - 1; i++) {
            lowest = Math.min(lowest, smoothed[i]);
            assertFalse(smoothed[i] > 4 * lowest, "not diverged before the last row: " + i);
        }
        assertTrue(!(smoothed[n - 1] <= 4 * lowest), "the last smoothed loss diverged: " + smoothed[n - 1] + " vs " + lowest);
        assertTrue(!(loss[n - 1] <= 4 * lowest), "the loss at the largest rates is far above the lowest: " + loss[n - 1]);

        JsonNode report = JSON.readTree(out.resolve("lr_range.json").toFile());
        assertEquals("diverged", report.path("sweep").path("ended").asText(), report.toString());
        assertEquals(n, report.path("sweep").path("iterations_run").asInt());
        assertEquals("steepest_descent", report.path("rule").asText());
        double suggested = report.path("suggested_learning_rate").asDouble();
        double divergedAt = rate[n - 1];
        assertTrue(suggested > min && suggested < max, "inside (--min, --max): " + suggested);
        assertTrue(suggested < divergedAt, suggested + " below the divergence at " + divergedAt);
        assertTrue(suggested <= report.path("min_loss").path("learning_rate").asDouble());

        String line = o.stdout().lines().filter(l -> l.startsWith("suggested learning rate: ")).findFirst().orElseThrow();
        Matcher m = SUGGESTION.matcher(line);
        assertTrue(m.matches(), line);
        assertEquals(report.path("suggested_rounded").asText(), m.group(1));
        assertEquals(suggested, Double.parseDouble(m.group(2)), suggested * 1e-2);
        assertTrue(o.stdout().contains("tip: --set model.learning_rate=" + m.group(1)), o.stdout());
        assertTrue(o.stdout().lines().filter(l -> l.startsWith("lr range test: iteration ")).count() >= 3, o.stdout());

        BufferedImage png = ImageIO.read(out.resolve("lr_range.png").toFile());
        assertNotNull(png, "lr_range.png decodes");
        assertEquals(900, png.getWidth());
        assertEquals("complete", JSON.readTree(out.resolve("status.json").toFile()).path("state").asText());
    }

    @Test
    void badOptionsExitTwoNamingTheOptionWithoutARunFolder() {
        String[][] cases = {
                {"--min", "0", "--min"},
                {"--min", "-1e-3", "--min"},
                {"--max", "1e-8", "--max"},
                {"--max", "1e-7", "--max"},
                {"--iterations", "9", "--iterations"},
                {"--min", "NaN", "--min"},
        };
        for (String[] c : cases) {
            Path out = tmp.resolve("bad-" + c[0].substring(2) + "-" + c[1]);
            Console.Outcome o = Console.run("tune", "lr", "--data", images.toString(), "--out", out.toString(), c[0], c[1]);
            assertEquals(2, o.code(), String.join(" ", c) + ": " + o.stderr());
            assertTrue(o.stderr().startsWith("error: " + c[2] + " is"), o.stderr());
            assertTrue(o.stderr().contains("accepted:"), o.stderr());
            assertFalse(Files.exists(out), "no run folder for " + String.join(" ", c));
        }
        Console.Outcome notANumber = Console.run("tune", "lr", "--iterations", "many");
        assertEquals(2, notANumber.code());
        assertTrue(notANumber.stderr().contains("--iterations"), notANumber.stderr());
    }

    @Test
    void theConfigIsValidatedBeforeAnyDataIsRead() {
        Path out = tmp.resolve("bad-config");
        // The data path does not exist either: a config error first means no data was looked at.
        Console.Outcome o = Console.run("tune", "lr", "--data", tmp.resolve("absent").toString(), "--out", out.toString(),
                "--set", "train.batch_size=0");
        assertEquals(2, o.code(), o.stderr());
        assertTrue(o.stderr().contains("train.batch_size"), o.stderr());
        assertFalse(Files.exists(out));
    }
}
