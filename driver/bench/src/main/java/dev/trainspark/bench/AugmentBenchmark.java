package dev.trainspark.bench;

import dev.trainspark.workers.fit.MinibatchSteps;
import dev.trainspark.driver.config.AugmentConfig;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.ParameterAveraging;
import dev.trainspark.driver.train.TrainingData;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.pipeline.augment.AugmentPipeline;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.ingest.DatasetInfo;
import dev.trainspark.pipeline.random.DerivedSeed;
import dev.trainspark.workers.fit.BatchAugmenter;
import dev.trainspark.workers.fit.RoundPlan;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code bench augment}: augmented images per second on one core, for the config's image size and
 * for generated 224 x 224 RGB images, and the wall time of a training epoch with and without the
 * augmentation, on the same rows, network and master. The augmentation is the config's
 * {@code augment} section, or, when it has none, the warp the demo gives its duplicates
 * ({@code rebalance.augment: affine}) applied to every row.
 */
public final class AugmentBenchmark {
    /** The demo's duplicate warp as an {@code augment.ops} entry. */
    static final List<Map<String, Object>> DEMO_WARP = List.of(
            Map.of("op", "affine", "degrees", 10, "shift", 0.08, "scale_min", 0.9, "scale_max", 1.1));

    private final SparkSession spark;
    private final TrainsparkConfig config;
    private final RunDirectory run;
    private final PrintStream console;

    public AugmentBenchmark(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console) {
        this.spark = spark;
        this.config = config;
        this.run = run;
        this.console = console;
    }

    /** The section benchmarked: the config's, or the demo warp on every row when it augments nothing. */
    static AugmentConfig section(TrainsparkConfig config) {
        AugmentConfig a = config.augment();
        boolean augments = !a.ops().isEmpty() || !a.policy().equals("none") || !a.mix().equals("none");
        return augments ? a : new AugmentConfig(DEMO_WARP, null, null, null, null, null);
    }

    public Map<String, Object> run(int imagesPerClass, int epochs, double secondsPerSize) throws Exception {
        AugmentConfig section = section(config);
        console.printf("bench augment: ops %s, policy %s, mix %s%n",
                section.ops().isEmpty() ? "none" : section.ops(), section.policy(), section.mix());
        Map<String, Object> metrics = new LinkedHashMap<>();
        ImageShape own = config.data().image().shape();
        ImageShape rgb = new ImageShape(224, 224, 3);
        double ownRate = imagesPerSecond(section, own, secondsPerSize);
        double rgbRate = imagesPerSecond(section, rgb, secondsPerSize);
        console.printf("augmented images/s per core, %dx%dx%d (config):     %10.1f%n", own.height(), own.width(), own.channels(), ownRate);
        console.printf("augmented images/s per core, 224x224x3 (generated): %10.1f%n", rgbRate);
        metrics.put("images_per_s_per_core_config_shape", ownRate);
        metrics.put("images_per_s_per_core_224_rgb", rgbRate);

        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        BenchRows chosen = BenchRows.firstPerClass(spark, config, run, console, imagesPerClass);
        DatasetInfo info = chosen.info();
        NetworkSpec spec = config.networkSpec(info.classes().size());
        TrainingData data = TrainingData.shard(chosen.rows(), chosen.perClass(), info.classes(), own, config.train().workers(), config.seed());
        try {
            BatchAugmenter with = new BatchAugmenter(section.pipeline(own.channels()), config.seed());
            double plain = secondsPerEpoch(sc, spec, data, BatchAugmenter.none(), epochs);
            double augmented = secondsPerEpoch(sc, spec, data, with, epochs);
            double plainAgain = secondsPerEpoch(sc, spec, data, BatchAugmenter.none(), epochs);
            double without = (plain + plainAgain) / 2;
            long images = chosen.perClass().values().stream().mapToLong(Long::longValue).sum();
            console.printf("training epoch (%d images, %d workers, %s): without augmentation %.2f s (%.2f s and %.2f s), with %.2f s%n",
                    images, config.train().workers(), sc.master(), without, plain, plainAgain, augmented);
            double ratio = augmented / without;
            console.printf("ratio with/without augmentation wall time per epoch = %.2f%n", ratio);
            metrics.put("epoch_seconds_without", without);
            metrics.put("epoch_seconds_with", augmented);
            metrics.put("ratio_with_over_without", ratio);
        } finally {
            data.shards().unpersist(false);
        }
        run.writeJson(RunDirectory.METRICS, metrics);
        return metrics;
    }

    /** One thread augmenting generated images for about {@code seconds}, after a warm-up. */
    static double imagesPerSecond(AugmentConfig section, ImageShape shape, double seconds) {
        AugmentPipeline pipeline = section.pipeline(shape.channels());
        float[] image = new float[shape.size()];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextDouble();
        }
        double sink = 0;
        long done = 0;
        long start = 0;
        long warmUpEnd = System.nanoTime() + (long) (0.3 * seconds * 1e9);
        boolean timing = false;
        while (true) {
            float[] out = pipeline.apply(image, shape, DerivedSeed.ofAugmentation(1, 0, "row", (int) done));
            sink += out[out.length / 2];
            long now = System.nanoTime();
            if (!timing && now >= warmUpEnd) {
                timing = true;
                start = now;
                done = 0;
                continue;
            }
            done++;
            if (timing && now - start >= seconds * 1e9) {
                break;
            }
        }
        if (sink == Double.MIN_VALUE) {
            throw new IllegalStateException("unreachable; keeps the result alive");
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }

    private double secondsPerEpoch(JavaSparkContext sc, NetworkSpec spec, TrainingData data, BatchAugmenter augmenter, int epochs) {
        int batch = config.train().batchSize();
        int frequency = config.train().averagingFrequency();
        ParameterAveraging averaging = new ParameterAveraging(sc, spec, batch, frequency, config.seed(), MinibatchSteps.augmenting(augmenter).withPrefetch(config.train().prefetch()));
        ModelState state = ModelState.of(Networks.build(spec));
        // Warm-up round: JIT, native kernels, the cached shards.
        averaging.fitRound(data.shards(), state, new RoundPlan(0, 0, batch, frequency, 0, config.seed()));
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            state = averaging.fitEpoch(data.shards(), data.maxShardSize(), state, e, (epoch, round, rounds, result, s) -> { });
        }
        return (System.nanoTime() - t0) / 1e9 / epochs;
    }
}
