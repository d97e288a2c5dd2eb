package dev.trainspark.driver.cli;

import dev.trainspark.pipeline.augment.PreviewGrid;
import dev.trainspark.pipeline.testing.DemoImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code augment} command's preview, and augment values refused before any data is read. */
class AugmentCommandTest {
    @TempDir
    Path tmp;

    private record Outcome(int code, String stderr) {
    }

    private static Outcome run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Outcome(Main.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void badAugmentValuesAreUsageErrorsBeforeAnyDataIsRead() {
        String missingData = tmp.resolve("no-such-data").toString();
        Path out = tmp.resolve("never");
        String[][] cases = {
                {"augment.ops=[{op: hflip, p: -0.1}]", "augment.ops[0].p", "[0, 1]"},
                {"augment.ops=[{op: affine, degrees: -3}]", "augment.ops[0].degrees", "[0, 180]"},
                {"augment.ops=[{op: random_resized_crop, scale_max: 2}]", "augment.ops[0].scale_max", "(0, 1]"},
                {"augment.ops=[{op: saturation}]", "augment.ops[0].op", "data.image.channels is 1"},
        };
        for (String command : new String[]{"train", "augment"}) {
            for (String[] c : cases) {
                Outcome o = run(command, "--data", missingData, "--out", out.toString(), "--set", c[0]);
                assertEquals(2, o.code(), o.stderr());
                assertTrue(o.stderr().contains(c[1]) && o.stderr().contains(c[2]), o.stderr());
                assertFalse(o.stderr().contains("no-such-data"), "refused before the data path is looked at: " + o.stderr());
                assertFalse(Files.exists(out));
            }
        }
    }

    @Test
    void previewHasOneRowPerOriginalWithItsVersionsAndAMixedRow() throws Exception {
        Path images = DemoImages.copyClasses(tmp.resolve("digits"), 12, "3", "5");
        Path out = tmp.resolve("preview");
        Outcome o = run("augment", "--data", images.toString(), "--out", out.toString(), "--rows", "3", "--per-row", "4",
                "--set", "split.test_per_class=2", "--set", "spark.master=local[2]",
                "--set", "augment.ops=[{op: affine, degrees: 20, shift: 0.1}, {op: random_erasing}]",
                "--set", "augment.mix=cutmix");
        assertEquals(0, o.code(), o.stderr());
        BufferedImage preview = ImageIO.read(out.resolve("preview.png").toFile());
        int cell = 28 + PreviewGrid.GAP;
        int zoom = 4; // 28-pixel cells drawn at least 96 pixels high
        assertEquals((5 * cell + PreviewGrid.GAP) * zoom, preview.getWidth(), "original and 4 versions");
        assertEquals((4 * cell + PreviewGrid.GAP) * zoom, preview.getHeight(), "3 originals and the cutmix row");
    }
}
