package dev.trainspark.workers.decode;

import dev.trainspark.pipeline.augment.RandomAffine;
import dev.trainspark.pipeline.image.ImageDecoder;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.image.PngWriter;
import dev.trainspark.pipeline.random.DerivedSeed;
import dev.trainspark.pipeline.rebalance.RebalanceColumns;
import dev.trainspark.pipeline.rebalance.SmoothedNoise;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodeSamplesTest {
    private static final ImageShape SHAPE = new ImageShape(12, 12, 1);
    private static final List<String> CLASSES = List.of("cat", "dog", "fox");
    /** A diagonal stroke: not symmetric, so any warp moves it. */
    private static final byte[] STROKE = PngWriter.encode(image((y, x) -> Math.abs(y - x) <= 1 ? 0.9f : 0.1f), SHAPE);
    private static final byte[] BLOCK = PngWriter.encode(image((y, x) -> y > 3 && y < 9 && x > 2 && x < 6 ? 1f : 0f), SHAPE);

    private interface PixelRule {
        float at(int y, int x);
    }

    private static float[] image(PixelRule rule) {
        float[] pixels = new float[SHAPE.size()];
        for (int y = 0; y < SHAPE.height(); y++) {
            for (int x = 0; x < SHAPE.width(); x++) {
                pixels[y * SHAPE.width() + x] = rule.at(y, x);
            }
        }
        return pixels;
    }

    private static float[] decoded(byte[] png) throws Exception {
        return new ImageDecoder(SHAPE).decode(png);
    }

    private static List<Sample> decode(DecodeSamples decode, Row... rows) {
        List<Sample> out = new ArrayList<>();
        decode.call(Arrays.asList(rows).iterator()).forEachRemaining(out::add);
        return out;
    }

    /** A recipe row in {@link DecodeSamples#RECIPE_COLUMNS} order. */
    private static Row recipe(String id, String label, String kind, byte[] a, byte[] b, Double lambda, Long noiseSeed,
                              Double noiseScale) {
        return RowFactory.create(id, label, kind, a, b, lambda, noiseSeed, noiseScale);
    }

    private static Row copyOf(String id, String kind, byte[] a) {
        return recipe(id, "dog", kind, a, null, null, null, null);
    }

    /** A broadcast as an executor sees it, without a Spark context. */
    private static Broadcast<Map<String, float[]>> broadcast(Map<String, float[]> value) {
        return new Broadcast<Map<String, float[]>>(0L, ClassTag$.MODULE$.apply(Map.class)) {
            @Override
            public Map<String, float[]> getValue() {
                return value;
            }

            @Override
            public void doUnpersist(boolean blocking) {
            }

            @Override
            public void doDestroy(boolean blocking) {
            }
        };
    }

    @Test
    void anIngestedRowDecodesToTheImageDecodersPixels() throws Exception {
        List<Sample> samples = decode(new DecodeSamples(SHAPE, CLASSES),
                RowFactory.create("r1", "fox", STROKE, "/data/fox/1.png"),
                RowFactory.create("r2", "cat", BLOCK, "/data/cat/2.png"));
        assertEquals(2, samples.size());
        Sample fox = samples.get(0);
        assertEquals("r1", fox.id());
        assertEquals(2, fox.label());
        assertEquals("/data/fox/1.png", fox.path());
        assertArrayEquals(decoded(STROKE), fox.pixels());
        assertEquals(0, samples.get(1).label());
        assertArrayEquals(decoded(BLOCK), samples.get(1).pixels());
    }

    @Test
    void anIngestedRowWithoutAPathGetsAnEmptyOne() throws Exception {
        Sample s = decode(new DecodeSamples(SHAPE, CLASSES), RowFactory.create("r1", "dog", BLOCK)).get(0);
        assertEquals("", s.path());
        assertEquals(1, s.label());
        assertArrayEquals(decoded(BLOCK), s.pixels());
    }

    @Test
    void aSyntheticRowIsTheInterpolationOfItsParents() throws Exception {
        double lambda = 0.3;
        Sample s = decode(new DecodeSamples(SHAPE, CLASSES),
                recipe("s1", "fox", RebalanceColumns.SYNTHETIC, STROKE, BLOCK, lambda, null, null)).get(0);
        float[] a = decoded(STROKE);
        float[] b = decoded(BLOCK);
        float[] expected = new float[a.length];
        for (int p = 0; p < a.length; p++) {
            expected[p] = a[p] + (float) lambda * (b[p] - a[p]);
        }
        assertEquals("s1", s.id());
        assertEquals(2, s.label());
        assertEquals("", s.path());
        assertArrayEquals(expected, s.pixels());
        assertArrayEquals(a, decode(new DecodeSamples(SHAPE, CLASSES),
                recipe("s2", "fox", RebalanceColumns.SYNTHETIC, STROKE, BLOCK, 0.0, null, null)).get(0).pixels());
    }

    @Test
    void aPlainCopyIsItsParent() throws Exception {
        List<Sample> samples = decode(new DecodeSamples(SHAPE, CLASSES),
                copyOf("p", RebalanceColumns.ORIGINAL, STROKE), copyOf("p#d0", RebalanceColumns.DUPLICATE, STROKE));
        assertArrayEquals(decoded(STROKE), samples.get(0).pixels());
        assertArrayEquals(decoded(STROKE), samples.get(1).pixels());
    }

    @Test
    void duplicatesAreWarpedByTheirOwnIdAndOriginalsAreNot() throws Exception {
        RandomAffine warp = RandomAffine.mild();
        DecodeSamples decode = new DecodeSamples(SHAPE, CLASSES, null, warp);
        List<Sample> samples = decode(decode,
                copyOf("p#d0", RebalanceColumns.DUPLICATE, STROKE),
                copyOf("p#d0", RebalanceColumns.DUPLICATE, STROKE),
                copyOf("p#d1", RebalanceColumns.DUPLICATE, STROKE),
                copyOf("p", RebalanceColumns.ORIGINAL, STROKE));
        float[] parent = decoded(STROKE);
        float[] first = samples.get(0).pixels();
        assertArrayEquals(warp.apply(parent, 1, SHAPE.height(), SHAPE.width(), DerivedSeed.ofRow("p#d0")), first);
        assertFalse(Arrays.equals(parent, first), "a duplicate is warped");
        assertArrayEquals(first, samples.get(1).pixels(), "the same id gets the same warp");
        assertFalse(Arrays.equals(first, samples.get(2).pixels()), "another id gets another warp");
        assertArrayEquals(parent, samples.get(3).pixels(), "an original is not warped");
        // A second decoder (another worker, another epoch) makes the same pixels.
        assertArrayEquals(first, decode(new DecodeSamples(SHAPE, CLASSES, null, warp),
                copyOf("p#d0", RebalanceColumns.DUPLICATE, STROKE)).get(0).pixels());
    }

    @Test
    void smoothedBootstrapRowsGetTheirClassesNoise() throws Exception {
        float[] std = new float[SHAPE.size()];
        Arrays.fill(std, 0.2f);
        DecodeSamples decode = new DecodeSamples(SHAPE, CLASSES, broadcast(Map.of("dog", std)), null);
        Sample s = decode(decode, recipe("p#d3", "dog", RebalanceColumns.DUPLICATE, BLOCK, null, null, 17L, 0.5)).get(0);
        assertArrayEquals(SmoothedNoise.apply(decoded(BLOCK), std, 17L, 0.5), s.pixels());
        assertFalse(Arrays.equals(decoded(BLOCK), s.pixels()));
    }

    @Test
    void smoothedBootstrapRowsNeedPixelDeviations() {
        DecodeSamples decode = new DecodeSamples(SHAPE, CLASSES);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> decode(decode, recipe("p#d3", "dog", RebalanceColumns.DUPLICATE, BLOCK, null, null, 17L, 0.5)));
        assertTrue(e.getMessage().contains("p#d3") && e.getMessage().contains("smoothed-bootstrap"), e.getMessage());
    }

    @Test
    void aRowThatNoLongerDecodesNamesItsId() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> decode(new DecodeSamples(SHAPE, CLASSES),
                RowFactory.create("broken", "cat", new byte[]{1, 2, 3}, "/data/cat/broken.png")));
        assertTrue(e.getMessage().contains("broken") && e.getMessage().contains("no longer decodes"), e.getMessage());
    }
}
