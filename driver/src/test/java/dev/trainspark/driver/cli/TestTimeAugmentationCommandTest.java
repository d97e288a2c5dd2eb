package dev.trainspark.driver.cli;

import dev.trainspark.driver.model.HadoopModelFolder;
import dev.trainspark.models.Architecture;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.Provenance;
import dev.trainspark.models.SavedModel;
import dev.trainspark.pipeline.io.HadoopFiles;
import dev.trainspark.pipeline.testing.DemoImages;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code predict} with {@code evaluate.tta}: a saved model scoring real digits and their mirrors. */
class TestTimeAugmentationCommandTest {
    private static final String[] DIGITS = {"2", "4", "7"};
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 5);

    @TempDir
    static Path tmp;
    private static Path model;
    private static Path images;
    private static Path mirrored;

    @BeforeAll
    static void modelAndImages() throws Exception {
        model = tmp.resolve("model");
        new SavedModel(SPEC, List.of(DIGITS), List.of(ModelState.of(Networks.build(SPEC))), null, Provenance.unrecorded())
                .write(new HadoopModelFolder(new HadoopFiles(new Configuration()), new org.apache.hadoop.fs.Path(model.toUri())));
        images = DemoImages.copyClasses(tmp.resolve("digits"), 4, DIGITS);
        mirrored = tmp.resolve("mirrored");
        for (String digit : DIGITS) {
            Files.createDirectories(mirrored.resolve(digit));
            try (Stream<Path> files = Files.list(images.resolve(digit))) {
                for (Path png : files.toList()) {
                    ImageIO.write(mirror(ImageIO.read(png.toFile())), "png", mirrored.resolve(digit).resolve(png.getFileName()).toFile());
                }
            }
        }
    }

    /** The image mirrored left to right, sample for sample (no colour conversion). */
    private static BufferedImage mirror(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getColorModel(), image.copyData(null), image.isAlphaPremultiplied(), null);
        WritableRaster from = image.getRaster();
        WritableRaster to = out.getRaster();
        int w = image.getWidth();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                to.setPixel(w - 1 - x, y, from.getPixel(x, y, (int[]) null));
            }
        }
        return out;
    }

    /** The predictions CSV's probability columns by file name. */
    private static Map<String, float[]> predict(Path data, String tta, String out) throws Exception {
        Console.Outcome o = Console.run("predict", "--model", model.toString(), "--data", data.toString(),
                "--out", tmp.resolve(out).toString(), "--set", "evaluate.tta=" + tta, "--set", "spark.master=local[2]");
        assertEquals(0, o.code(), o.stderr());
        List<String> lines = Files.readAllLines(tmp.resolve(out).resolve("predictions.csv"));
        assertEquals("id,path,label,predicted,p_2,p_4,p_7", lines.get(0));
        Map<String, float[]> byName = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            float[] p = {Float.parseFloat(f[4]), Float.parseFloat(f[5]), Float.parseFloat(f[6])};
            byName.put(f[2] + "/" + f[1].substring(f[1].lastIndexOf('/') + 1), p);
        }
        assertEquals(12, byName.size());
        return byName;
    }

    @Test
    void flipsAverageEachImagesProbabilitiesWithItsMirrors() throws Exception {
        Map<String, float[]> plain = predict(images, "none", "plain");
        Map<String, float[]> mirror = predict(mirrored, "none", "mirror");
        Map<String, float[]> flips = predict(images, "flips", "flips");
        boolean mirrorDiffers = false;
        for (Map.Entry<String, float[]> e : plain.entrySet()) {
            float[] a = e.getValue();
            float[] b = mirror.get(e.getKey());
            for (int c = 0; c < 3; c++) {
                mirrorDiffers |= Math.abs(a[c] - b[c]) > 1e-4;
                assertEquals((a[c] + b[c]) / 2, flips.get(e.getKey())[c], 1e-6, e.getKey() + " class " + c);
            }
        }
        assertTrue(mirrorDiffers, "mirrored digits must score differently for the mean to be a test");
    }

    @Test
    void aBadTtaIsExit2NamingTheKeyBeforeTheDataIsRead() {
        Path out = tmp.resolve("never");
        for (String command : new String[]{"predict", "evaluate"}) {
            Console.Outcome o = Console.run(command, "--model", model.toString(), "--data", tmp.resolve("no-such-data").toString(),
                    "--out", out.toString(), "--set", "evaluate.tta=rotate");
            assertEquals(2, o.code(), o.stderr());
            assertTrue(o.stderr().contains("evaluate.tta is 'rotate'; accepted: none, flips"), o.stderr());
            assertFalse(o.stderr().contains("no-such-data"), o.stderr());
            assertTrue(o.stderr().lines().count() <= 2 && !o.stderr().contains("\tat "), "one line: " + o.stderr());
            assertFalse(Files.exists(out));
        }
    }
}
