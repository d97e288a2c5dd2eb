package dev.trainspark.bench;

import dev.trainspark.pipeline.metrics.DistributedMetrics;
import dev.trainspark.pipeline.metrics.FullMetrics;
import dev.trainspark.pipeline.metrics.MetricsOptions;
import dev.trainspark.pipeline.metrics.MetricsState;
import dev.trainspark.pipeline.metrics.Prediction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code bench metrics}: time and driver memory of {@link DistributedMetrics} in exact and binned
 * curve mode for growing numbers of synthetic predictions, generated on the executors.
 *
 * <p>Memory: the figure is the peak live heap during the computation, as {@link DriverHeapSampler}
 * measures it (a full collection every {@value #HEAP_SAMPLE_MILLIS} ms and one at the end while the
 * result is still referenced; heap right after a full collection is what is live). In local mode the executors run in the driver
 * JVM, so this also counts task data in flight (shuffle and sort buffers, bounded by Spark's memory
 * settings, not by N); the driver-side state itself is reported separately as the serialized size
 * of a merged {@link MetricsState} (fixed-size arrays, so the same for any N) and of the result.
 * Both must stay flat as N grows.
 */
public final class MetricsBenchmark {
    /** Period of the forced collections: often enough to see the peak, rare enough not to slow the run. */
    static final long HEAP_SAMPLE_MILLIS = 500;
    /** The logit added to the true class; with unit-variance noise, one-vs-rest AUC is about 0.9. */
    static final double TRUE_CLASS_MARGIN = 1.8;
    /**
     * scikit-learn's {@code roc_auc_score(multi_class="ovr")} plus {@code average_precision_score}
     * on 10,000,000 predictions x 10 classes, in seconds, measured on this project's benchmark machine
     * (one node); the target for exact mode at that size.
     */
    static final double SCIKIT_LEARN_REFERENCE_SECONDS = 116;
    static final long REFERENCE_PREDICTIONS = 10_000_000L;
    static final int REFERENCE_CLASSES = 10;

    private MetricsBenchmark() {
    }

    /** One measured computation. */
    public record Measurement(long predictions, MetricsOptions.CurveMode mode, double seconds, double cpuSeconds,
                              long baselineHeapBytes, long peakHeapAfterGcBytes, long stateBytes, long resultBytes,
                              double aucOvrMacro, double aucErrorBound) {
    }

    /**
     * Runs every size in both curve modes and prints one line per measurement.
     *
     * @param sizes   numbers of predictions, e.g. 1,000,000 and 10,000,000
     * @param classes number of classes
     */
    public static List<Measurement> run(SparkSession spark, long[] sizes, int classes, long seed, PrintStream out) {
        if (classes < 2) {
            throw new IllegalArgumentException("bench.metrics.classes is " + classes + "; accepted >= 2");
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
        }
        int partitions = Math.max(2, spark.sparkContext().defaultParallelism());
        out.printf("bench metrics: %d classes, %d partitions, master %s%n", classes, partitions,
                spark.sparkContext().master());
        List<Measurement> results = new ArrayList<>();
        for (long n : sizes) {
            if (n < 1) {
                throw new IllegalArgumentException("bench.metrics.sizes holds " + n + "; accepted sizes >= 1");
            }
            JavaRDD<Prediction> predictions = synthetic(spark, n, classes, seed, partitions);
            for (MetricsOptions.CurveMode mode : MetricsOptions.CurveMode.values()) {
                MetricsOptions options = MetricsOptions.defaults().withCurveMode(mode);
                Measurement m = measure(predictions, names, options, n);
                results.add(m);
                out.printf("  n=%,d %-6s %8.2f s (cpu %.1f s)  driver heap after GC: peak %,d MiB (baseline %,d MiB)  "
                                + "merged state %,d KiB  result %,d KiB  auc_ovr_macro %.6f (+- %.2g)%n",
                        n, mode.name().toLowerCase(java.util.Locale.ROOT), m.seconds(), m.cpuSeconds(),
                        m.peakHeapAfterGcBytes() >> 20, m.baselineHeapBytes() >> 20, m.stateBytes() >> 10,
                        m.resultBytes() >> 10, m.aucOvrMacro(), m.aucErrorBound());
            }
        }
        printReference(results, classes, out);
        return results;
    }

    /** Exact mode at the reference size next to scikit-learn's time for it. */
    static void printReference(List<Measurement> results, int classes, PrintStream out) {
        for (Measurement m : results) {
            if (m.mode() == MetricsOptions.CurveMode.EXACT && m.predictions() == REFERENCE_PREDICTIONS
                    && classes == REFERENCE_CLASSES) {
                out.printf("  exact at n=%,d x %d classes: %.2f s; ratio exact/scikit-learn reference (%.0f s) = %.2f "
                                + "(target <= 1.0; the reference is roc_auc_score + average_precision_score on one node, "
                                + "measured on this machine)%n", m.predictions(), classes, m.seconds(),
                        SCIKIT_LEARN_REFERENCE_SECONDS, m.seconds() / SCIKIT_LEARN_REFERENCE_SECONDS);
                return;
            }
        }
        out.printf("  no ratio to the scikit-learn reference (%.0f s): it is for exact mode at n=%,d x %d classes "
                + "(--sizes %d --classes %d)%n", SCIKIT_LEARN_REFERENCE_SECONDS, REFERENCE_PREDICTIONS, REFERENCE_CLASSES,
                REFERENCE_PREDICTIONS, REFERENCE_CLASSES);
    }

    /** {@code n} predictions built on the executors, each a deterministic function of its index. */
    static JavaRDD<Prediction> synthetic(SparkSession spark, long n, int classes, long seed, int partitions) {
        return spark.range(0, n, 1, partitions).javaRDD().map(i -> prediction(i, classes, seed));
    }

    /** Softmax of unit-normal logits with {@link #TRUE_CLASS_MARGIN} added to the true class. */
    static Prediction prediction(long index, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed + index * 0x9E3779B97F4A7C15L);
        int label = random.nextInt(classes);
        double[] logits = new double[classes];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            logits[c] = random.nextGaussian() + (c == label ? TRUE_CLASS_MARGIN : 0);
            max = Math.max(max, logits[c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        float[] probabilities = new float[classes];
        int predicted = 0;
        for (int c = 0; c < classes; c++) {
            probabilities[c] = (float) (logits[c] / sum);
            if (probabilities[c] > probabilities[predicted]) {
                predicted = c;
            }
        }
        return new Prediction(Long.toString(index), "", label, predicted, probabilities);
    }

    private static Measurement measure(JavaRDD<Prediction> predictions, List<String> names, MetricsOptions options,
                                       long n) {
        try (DriverHeapSampler heap = new DriverHeapSampler(HEAP_SAMPLE_MILLIS)) {
            long start = System.nanoTime();
            long cpuStart = ProcessCpu.nanos();
            FullMetrics result = DistributedMetrics.compute(predictions, names, options);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (ProcessCpu.nanos() - cpuStart) / 1e9;
            heap.close();
            return new Measurement(n, options.curveMode(), seconds, cpuSeconds, heap.before(), heap.peak(),
                    serializedSize(new MetricsState(names.size(), options)), serializedSize(result),
                    result.aucOvrMacro(), result.aucErrorBound());
        }
    }

    static long serializedSize(Serializable value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }
}
