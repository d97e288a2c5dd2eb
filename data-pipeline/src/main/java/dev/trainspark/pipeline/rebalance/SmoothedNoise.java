package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.image.ImageDecoder;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.image.UnreadableImageException;
import dev.trainspark.pipeline.ingest.DatasetColumns;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;

/**
 * The pixel noise of a smoothed bootstrap (imbalanced-learn's RandomOverSampler with a shrinkage,
 * also known as ROSE): a copy of image {@code a} becomes
 * {@code a[p] + noise_scale * std_label[p] * N(0, 1)}, where {@code std_label} is the per-pixel
 * population standard deviation (ddof 0, as {@code numpy.std}) of the decoded images of the class.
 */
public final class SmoothedNoise {
    private SmoothedNoise() {
    }

    /**
     * imbalanced-learn's smoothing constant {@code (4 / ((d + 2) n)) ^ (1 / (d + 4))}, the
     * normal-reference bandwidth factor, where {@code n} is the number of rows of the whole
     * training set (not of the class) and {@code d} the number of features.
     */
    public static double smoothingConstant(int nFeatures, long nSamples) {
        if (nFeatures < 1 || nSamples < 1) {
            throw new IllegalArgumentException("smoothing constant needs nFeatures >= 1 and nSamples >= 1, got "
                    + nFeatures + " and " + nSamples);
        }
        return Math.pow(4.0 / ((nFeatures + 2.0) * nSamples), 1.0 / (nFeatures + 4.0));
    }

    /**
     * The noisy copy: pixel {@code p} gets {@code noiseScale * std[p] * g_p}, where {@code g_p} is the
     * p-th {@code nextGaussian()} of {@code new SplittableRandom(noiseSeed)}; one draw per pixel
     * in pixel order, including pixels whose deviation is 0. Values are not clipped.
     */
    public static float[] apply(float[] pixels, float[] std, long noiseSeed, double noiseScale) {
        if (pixels.length != std.length) {
            throw new IllegalArgumentException("image has " + pixels.length + " pixel values but the class deviation has "
                    + std.length);
        }
        SplittableRandom random = new SplittableRandom(noiseSeed);
        float[] out = new float[pixels.length];
        for (int p = 0; p < pixels.length; p++) {
            out[p] = (float) (pixels[p] + noiseScale * std[p] * random.nextGaussian());
        }
        return out;
    }

    /**
     * Per-class, per-pixel population standard deviation of the decoded {@code content} column,
     * for the classes asked for, computed with one distributed aggregation.
     */
    public static Map<String, float[]> classStd(Dataset<Row> train, ImageShape shape, Set<String> classes) {
        Dataset<Row> rows = train.filter(col(DatasetColumns.LABEL).isin(classes.toArray()))
                .select(DatasetColumns.ID, DatasetColumns.LABEL, DatasetColumns.CONTENT);
        JavaPairRDD<String, Moments> perRow = rows.javaRDD().mapToPair(row -> {
            ImageDecoder decoder = new ImageDecoder(shape);
            try {
                return new Tuple2<>(row.getString(1), Moments.of(decoder.decode((byte[]) row.get(2))));
            } catch (UnreadableImageException e) {
                throw new BadDataException("row id '" + row.getString(0) + "', column " + DatasetColumns.CONTENT
                        + ": cannot decode the image for the smoothed bootstrap: " + e.getMessage());
            }
        });
        Map<String, float[]> std = new TreeMap<>();
        perRow.reduceByKey(Moments::merge).collectAsMap().forEach((label, m) -> std.put(label, m.std()));
        return std;
    }

    /** Count, mean and sum of squared deviations per pixel, merged with Chan et al.'s update. */
    static final class Moments implements Serializable {
        long n;
        final double[] mean;
        final double[] m2;

        private Moments(long n, double[] mean, double[] m2) {
            this.n = n;
            this.mean = mean;
            this.m2 = m2;
        }

        static Moments of(float[] x) {
            double[] mean = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                mean[i] = x[i];
            }
            return new Moments(1, mean, new double[x.length]);
        }

        static Moments merge(Moments a, Moments b) {
            long n = a.n + b.n;
            double[] mean = new double[a.mean.length];
            double[] m2 = new double[a.mean.length];
            for (int i = 0; i < mean.length; i++) {
                double delta = b.mean[i] - a.mean[i];
                mean[i] = a.mean[i] + delta * b.n / n;
                m2[i] = a.m2[i] + b.m2[i] + delta * delta * ((double) a.n * b.n / n);
            }
            return new Moments(n, mean, m2);
        }

        float[] std() {
            float[] s = new float[mean.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) Math.sqrt(m2[i] / n);
            }
            return s;
        }
    }
}
