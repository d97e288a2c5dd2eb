package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.image.ImageDecoder;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.ingest.DatasetColumns;
import dev.trainspark.pipeline.testing.DemoImages;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class SmoothedNoiseTest {
    private static final ImageShape SHAPE = new ImageShape(28, 28, 1);
    private static SparkSession spark;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    @Test
    void smoothingConstantIsImbalancedLearns() {
        // (4 / ((784 + 2) * 20)) ^ (1 / 788) and (4 / (4 * 100)) ^ (1 / 6) = 0.01 ^ (1/6)
        assertEquals(0.9895519253491063, SmoothedNoise.smoothingConstant(784, 20), 1e-15);
        assertEquals(Math.pow(0.01, 1.0 / 6), SmoothedNoise.smoothingConstant(2, 100), 1e-15);
    }

    @Test
    void noiseHasTheAskedScaleAndReplaysFromItsSeed() {
        int n = 20000;
        float[] pixels = new float[n];
        float[] std = new float[n];
        Arrays.fill(pixels, 0.3f);
        Arrays.fill(std, 0.5f);
        std[1] = 0f;
        float[] noisy = SmoothedNoise.apply(pixels, std, 42L, 0.2);
        // Pixel p uses the p-th Gaussian of SplittableRandom(42), including the zero-deviation pixel 1.
        SplittableRandom reference = new SplittableRandom(42L);
        double g0 = reference.nextGaussian();
        reference.nextGaussian();
        double g2 = reference.nextGaussian();
        assertEquals((float) (0.3f + 0.2 * 0.5f * g0), noisy[0], 0f);
        assertEquals(0.3f, noisy[1], 0f);
        assertEquals((float) (0.3f + 0.2 * 0.5f * g2), noisy[2], 0f);
        double mean = 0;
        for (float v : noisy) {
            mean += v;
        }
        mean /= n;
        double var = 0;
        for (float v : noisy) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / n);
        // Expected sd 0.2 * 0.5 = 0.1; mean within 5 standard errors (0.1 / sqrt(n) = 0.0007).
        assertEquals(0.3, mean, 0.0035);
        assertEquals(0.1, sd, 0.003);
        assertArrayEquals(noisy, SmoothedNoise.apply(pixels, std, 42L, 0.2));
        assertFalse(Arrays.equals(noisy, SmoothedNoise.apply(pixels, std, 43L, 0.2)));
    }

    private static Dataset<Row> digits(Map<String, List<Path>> files, int partitions) {
        StructType schema = new StructType()
                .add(DatasetColumns.ID, DataTypes.StringType, false)
                .add(DatasetColumns.LABEL, DataTypes.StringType, false)
                .add(DatasetColumns.CONTENT, DataTypes.BinaryType, false);
        List<Row> rows = new ArrayList<>();
        files.forEach((label, paths) -> paths.forEach(p ->
                rows.add(RowFactory.create(label + "/" + p.getFileName(), label, DemoImages.bytes(p)))));
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    /** Two-pass population standard deviation of each pixel. */
    private static float[] bruteForceStd(List<Path> paths) throws Exception {
        ImageDecoder decoder = new ImageDecoder(SHAPE);
        List<float[]> images = new ArrayList<>();
        for (Path p : paths) {
            images.add(decoder.decode(DemoImages.bytes(p)));
        }
        float[] std = new float[SHAPE.size()];
        for (int i = 0; i < std.length; i++) {
            double mean = 0;
            for (float[] im : images) {
                mean += im[i];
            }
            mean /= images.size();
            double ss = 0;
            for (float[] im : images) {
                ss += (im[i] - mean) * (im[i] - mean);
            }
            std[i] = (float) Math.sqrt(ss / images.size());
        }
        return std;
    }

    @Test
    void classDeviationsMatchABruteForceComputation() throws Exception {
        Map<String, List<Path>> files = Map.of("3", DemoImages.digits("3", 6), "7", DemoImages.digits("7", 5),
                "1", DemoImages.digits("1", 2));
        Map<String, float[]> one = SmoothedNoise.classStd(digits(files, 1), SHAPE, Set.of("3", "7"));
        Map<String, float[]> three = SmoothedNoise.classStd(digits(files, 3), SHAPE, Set.of("3", "7"));
        assertEquals(Set.of("3", "7"), one.keySet());
        for (String label : List.of("3", "7")) {
            float[] expected = bruteForceStd(files.get(label));
            assertArrayEquals(expected, one.get(label), 1e-6f);
            assertArrayEquals(expected, three.get(label), 1e-6f);
            double max = 0;
            for (float v : expected) {
                max = Math.max(max, v);
            }
            assertTrue(max > 0.1, "the digits differ, so some pixels vary");
        }
    }
}
