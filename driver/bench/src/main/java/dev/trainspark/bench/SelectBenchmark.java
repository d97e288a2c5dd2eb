package dev.trainspark.bench;

import dev.trainspark.workers.fit.MinibatchSteps;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.ParameterAveraging;
import dev.trainspark.driver.train.TrainingData;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.pipeline.ingest.DatasetInfo;
import dev.trainspark.workers.fit.RoundPlan;
import dev.trainspark.workers.select.SelectionSpec;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench select}: what OHEM costs. The same shards, network and epochs trained with no
 * selection and with OHEM at pool factors 2 and 4; an epoch passes over the shards once as
 * candidates in each, so wall time per epoch compares the forward passes OHEM adds against the
 * backward passes it saves. Each contender gets an untimed warm-up round.
 */
public final class SelectBenchmark {
    /** One contender's figures. */
    public record Timing(String name, long imagesFitted, long candidates, double seconds, int epochs) {
        double imagesPerSecond() {
            return imagesFitted / seconds;
        }

        double secondsPerEpoch() {
            return seconds / epochs;
        }
    }

    private final SparkSession spark;
    private final TrainsparkConfig config;
    private final RunDirectory run;
    private final PrintStream console;

    public SelectBenchmark(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console) {
        this.spark = spark;
        this.config = config;
        this.run = run;
        this.console = console;
    }

    public List<Timing> run(int imagesPerClass) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        BenchRows chosen = BenchRows.firstPerClass(spark, config, run, console, imagesPerClass);
        DatasetInfo info = chosen.info();
        NetworkSpec spec = config.networkSpec(info.classes().size());
        TrainingData data = TrainingData.shard(chosen.rows(), chosen.perClass(), info.classes(), config.data().image().shape(),
                config.train().workers(), config.seed());
        int epochs = config.train().epochs();
        console.printf("bench select: %s, %d images, batch %d, averaging every %d minibatches, %d workers, %d epochs, master %s%n",
                spec.architecture().configName(), data.shards().count(), config.train().batchSize(),
                config.train().averagingFrequency(), config.train().workers(), epochs, sc.master());
        try {
            Timing none = report(measure(sc, spec, data, "none", SelectionSpec.NONE, epochs));
            Timing pool2 = report(measure(sc, spec, data, "ohem (pool 2)", ohem(2), epochs));
            Timing pool4 = report(measure(sc, spec, data, "ohem (pool 4)", ohem(4), epochs));
            double ratio = pool2.secondsPerEpoch() / none.secondsPerEpoch();
            console.printf("ratio ohem(pool 2)/none wall time per epoch = %.2f%n", ratio);
            Map<String, Object> metrics = new LinkedHashMap<>();
            for (Timing t : List.of(none, pool2, pool4)) {
                metrics.put(t.name(), Map.of("images_fitted", t.imagesFitted(), "candidates", t.candidates(),
                        "seconds", t.seconds(), "seconds_per_epoch", t.secondsPerEpoch(), "images_per_s", t.imagesPerSecond()));
            }
            metrics.put("ratio_ohem_pool2_over_none_seconds_per_epoch", ratio);
            run.writeJson(RunDirectory.METRICS, metrics);
            return List.of(none, pool2, pool4);
        } finally {
            data.shards().unpersist(false);
        }
    }

    private static SelectionSpec ohem(int poolFactor) {
        return new SelectionSpec(SelectionSpec.Method.OHEM, poolFactor, false, List.of(1.0), 1);
    }

    private Timing measure(JavaSparkContext sc, NetworkSpec spec, TrainingData data, String name, SelectionSpec selection,
                           int epochs) {
        int batch = config.train().batchSize();
        int frequency = config.train().averagingFrequency();
        ParameterAveraging averaging = new ParameterAveraging(sc, spec, batch, frequency, config.seed(), MinibatchSteps.selecting(selection));
        ModelState state = ModelState.of(Networks.build(spec));
        averaging.fitRound(data.shards(), state, new RoundPlan(0, 0, batch, frequency, 0, config.seed()));
        long[] counts = {0, 0};
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            state = averaging.fitEpoch(data.shards(), data.maxShardSize(), state, e, (epoch, round, rounds, result, seconds) -> {
                counts[0] += result.examples();
                counts[1] += result.candidates();
            });
        }
        return new Timing(name, counts[0], counts[1], (System.nanoTime() - t0) / 1e9, epochs);
    }

    private Timing report(Timing t) {
        console.printf("%-16s %8.1f images/s fitted  %7.2f s per epoch  (%d images fitted, %d candidates forwarded, %.1f s)%n",
                t.name(), t.imagesPerSecond(), t.secondsPerEpoch(), t.imagesFitted(), t.candidates(), t.seconds());
        return t;
    }
}
