package dev.trainspark.bench;

import dev.trainspark.driver.config.RoundSync;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.ParameterAveraging;
import dev.trainspark.driver.train.TrainingData;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.pipeline.ingest.DatasetInfo;
import dev.trainspark.workers.device.TaskBinding;
import dev.trainspark.models.ModelState;
import dev.trainspark.workers.fit.RoundPlan;
import dev.trainspark.workers.fit.RoundTimes;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code bench train}: training images/s of (a) a plain single-process DL4J fit loop, (b) this
 * project's parameter averaging on the session's master, (c) DL4J's ParameterAveragingTrainingMaster
 * on the same master; same network, images, batch size and averaging frequency, measured in one run.
 * Each contender gets an untimed warm-up first (JIT, native kernels, cached data): a whole pass over
 * its images for (a), (p), (b) and (b'), whose ratio is the one closest to the machine's limit. The
 * HotSpot compiler is still at work minutes into a run (it recompiles DL4J's hot methods as their
 * profiles change), so (p) and (b) are timed {@link #REPEATS} times each, alternately, and each is
 * reported by its median run.
 */
public final class TrainBenchmark {
    /** Timed runs of (p) and of (b), alternating; the median of each is reported. */
    static final int REPEATS = 3;

    private final SparkSession spark;
    private final TrainsparkConfig config;
    private final RunDirectory run;
    private final PrintStream console;

    public TrainBenchmark(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console) {
        this.spark = spark;
        this.config = config;
        this.run = run;
        this.console = console;
    }

    /**
     * @param communicationRounds timed rounds of the communication-bound case
     */
    public List<Throughput> run(int imagesPerClass, int epochs, int communicationRounds) throws Exception {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        BenchRows chosen = BenchRows.firstPerClass(spark, config, run, console, imagesPerClass);
        DatasetInfo info = chosen.info();

        int workers = config.train().workers();
        int batch = config.train().batchSize();
        int frequency = config.train().averagingFrequency();
        NetworkSpec spec = config.networkSpec(info.classes().size());
        TrainingData data = TrainingData.shard(chosen.rows(), chosen.perClass(), info.classes(), config.data().image().shape(), workers, config.seed());
        List<Sample> samples = new ArrayList<>(data.shards().collect());
        samples.sort(Comparator.comparing(Sample::id));
        console.printf("bench train: %s, %d images, batch %d, averaging every %d minibatches, %d workers, %d epochs, master %s, %d cores%n",
                spec.architecture().configName(), samples.size(), batch, frequency, workers, epochs, sc.master(),
                Runtime.getRuntime().availableProcessors());

        List<Throughput> results = new ArrayList<>();
        results.add(report(SingleProcessFit.measure(spec, samples, batch, epochs, Integer.MAX_VALUE)));
        RoundSync sync = config.train().roundSync();
        RoundSync other = sync == RoundSync.ALLREDUCE ? RoundSync.DRIVER : RoundSync.ALLREDUCE;
        // (p) and (b) alternate, so that a slow spell of the machine or of the compiler touches both;
        // (b) warms up first, so that what its warm-up left to compile is not all charged to (b).
        warmUp(sc, spec, data, batch, frequency, sync);
        List<SingleProcessFit.Ceiling> ceilings = new ArrayList<>();
        List<AveragingRun> ourRuns = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            ceilings.add(SingleProcessFit.ceiling(spec, samples, batch, epochs, Integer.MAX_VALUE, workers, frequency));
            ourRuns.add(measureOurs(sc, spec, data, batch, frequency, epochs, sync));
        }
        Throughput ceiling = reportMedian(ceilings.stream().map(SingleProcessFit.Ceiling::throughput).toList());
        SingleProcessFit.Ceiling medianCeiling = medianOf(ceilings, SingleProcessFit.Ceiling::throughput);
        double barrierShare = medianCeiling.barrierImagesPerSecond() / ceiling.imagesPerSecond();
        console.printf("    (p) with a barrier after every round of %d minibatches, each round as long as the slower loop's in the"
                        + " same run: %.1f images/s = %.2f x (p), what its loops' own round-to-round variation leaves any"
                        + " synchronous trainer, before any exchange%n", frequency, medianCeiling.barrierImagesPerSecond(),
                barrierShare);
        AveragingRun ours = medianOf(ourRuns, AveragingRun::throughput);
        reportMedian(ourRuns.stream().map(AveragingRun::throughput).toList());
        results.add(ours.throughput());
        warmUp(sc, spec, data, batch, frequency, other);
        AveragingRun otherSync = measureOurs(sc, spec, data, batch, frequency, epochs, other);
        report(otherSync.throughput());
        results.add(report(Dl4jSparkFit.measure(sc, spec, samples, batch, frequency, workers, epochs, config.seed(),
                Dl4jSparkFit.Setup.AS_SHIPPED)));
        results.add(report(Dl4jSparkFit.measure(sc, spec, samples, batch, frequency, workers, epochs, config.seed(),
                Dl4jSparkFit.Setup.TUNED)));
        data.shards().unpersist(false);
        console.printf("    (b) per round, %s (%.0f%% fitting)%n", split(ours.meanRound(), ours.rounds()),
                100 * ours.meanRound().fit() / ours.meanRound().total());
        console.printf("    (b') per round, %s (%.0f%% fitting)%n", split(otherSync.meanRound(), otherSync.rounds()),
                100 * otherSync.meanRound().fit() / otherSync.meanRound().total());

        CommunicationBoundCase.Result bound = new CommunicationBoundCase(sc, console, spec.optimizer(), workers,
                communicationRounds, config.seed(), sync).run();
        double boundRatio = bound.ours().throughput().imagesPerSecond() / bound.dl4j().imagesPerSecond();
        List<RoundProjection.Row> projection = RoundProjection.project(bound.jobRounds().meanRound(),
                bound.dl4jRoundSeconds(workers), workers, bound.stateBytes(), CommunicationBoundCase.BATCH,
                bound.ring().meanRound());
        RoundProjection.print(projection, console);

        double ab = results.get(1).imagesPerSecond() / results.get(0).imagesPerSecond();
        double bc = results.get(1).imagesPerSecond() / results.get(2).imagesPerSecond();
        double bcTuned = results.get(1).imagesPerSecond() / results.get(3).imagesPerSecond();
        console.printf("ratio (b)/(a)  = %.2f   (target >= 1.0)%n", ab);
        console.printf("ratio (b)/(c)  = %.2f   (target >= 1.5)%n", bc);
        console.printf("ratio (b)/(c') = %.2f   (DL4J tuned: Direct approach, per-task threads)%n", bcTuned);
        double bp = results.get(1).imagesPerSecond() / ceiling.imagesPerSecond();
        console.printf("ratio (b)/(p)  = %.2f   (share of this machine's data-parallel ceiling; target >= 0.95; with a barrier"
                + " per round the same loops reach %.2f)%n", bp, barrierShare);
        console.printf("ratio (b)/(c) communication-bound = %.2f   (target >= 1.5)%n", boundRatio);
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (Throughput t : results) {
            metrics.put(t.name(), Map.of("images", t.images(), "seconds", t.seconds(), "images_per_s", t.imagesPerSecond()));
        }
        metrics.put("ratio_b_over_a", ab);
        metrics.put("ratio_b_over_c", bc);
        metrics.put("ratio_b_over_c_tuned", bcTuned);
        metrics.put(ceiling.name(), Map.of("images", ceiling.images(), "seconds", ceiling.seconds(),
                "images_per_s", ceiling.imagesPerSecond()));
        metrics.put("ratio_b_over_p", bp);
        metrics.put("p_with_barrier_per_round_over_p", barrierShare);
        metrics.put("b_sync", sync.configName());
        metrics.put("b_mean_round_s", ours.meanRoundJson());
        metrics.put(otherSync.throughput().name(), Map.of("images", otherSync.throughput().images(), "seconds",
                otherSync.throughput().seconds(), "images_per_s", otherSync.throughput().imagesPerSecond()));
        metrics.put("b_other_sync_mean_round_s", otherSync.meanRoundJson());
        Map<String, Object> boundJson = new LinkedHashMap<>();
        boundJson.put("network", CommunicationBoundCase.ARCHITECTURE.configName() + " width " + CommunicationBoundCase.WIDTH);
        boundJson.put("parameters", bound.parameters());
        boundJson.put("state_bytes", bound.stateBytes());
        boundJson.put("b_images_per_s", bound.ours().throughput().imagesPerSecond());
        boundJson.put("c_images_per_s", bound.dl4j().imagesPerSecond());
        boundJson.put("b_mean_round_s", bound.ours().meanRoundJson());
        boundJson.put("driver_sync_images_per_s", bound.jobRounds().throughput().imagesPerSecond());
        boundJson.put("allreduce_sync_images_per_s", bound.ring().throughput().imagesPerSecond());
        boundJson.put("c_mean_round_s", bound.dl4jRoundSeconds(workers));
        boundJson.put("ratio_b_over_c", boundRatio);
        boundJson.put("projection", RoundProjection.asJson(projection));
        metrics.put("communication_bound", boundJson);
        run.writeJson(RunDirectory.METRICS, metrics);
        return results;
    }

    /** A whole untimed epoch: every code path of a round, the epoch's start and end included, runs compiled afterwards. */
    private void warmUp(JavaSparkContext sc, NetworkSpec spec, TrainingData data, int batch, int frequency, RoundSync mode) {
        new ParameterAveraging(sc, spec, batch, frequency, config.seed()).withSync(mode)
                .fitEpoch(data.shards(), data.maxShardSize(), ModelState.of(Networks.build(spec)), 0, (e, r, n, result, s) -> { });
        TaskBinding.setThreads(Runtime.getRuntime().availableProcessors());
    }

    private AveragingRun measureOurs(JavaSparkContext sc, NetworkSpec spec, TrainingData data, int batch, int frequency, int epochs,
                                     RoundSync mode) {
        ModelState state = ModelState.of(Networks.build(spec));
        ParameterAveraging averaging = new ParameterAveraging(sc, spec, batch, frequency, config.seed()).withSync(mode);
        AveragingRun.Recorder timed = new AveragingRun.Recorder();
        for (int e = 0; e < epochs; e++) {
            state = averaging.fitEpoch(data.shards(), data.maxShardSize(), state, e, timed);
        }
        AveragingRun run = timed.finish(name(mode, config.train().roundSync(), sc.master()));
        TaskBinding.setThreads(Runtime.getRuntime().availableProcessors());
        return run;
    }

    /** The run whose images/s is the median of {@code runs} (an odd number of them). */
    static <T> T medianOf(List<T> runs, Function<T, Throughput> throughput) {
        List<T> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(r -> throughput.apply(r).imagesPerSecond()));
        return sorted.get(sorted.size() / 2);
    }

    /** (b) is this project as the config's {@code train.sync} has it, (b') with the other mode. */
    static String name(RoundSync mode, RoundSync configured, String master) {
        String what = mode == RoundSync.ALLREDUCE ? "averaging among the tasks (train.sync allreduce)"
                : "a Spark job per round (train.sync driver)";
        return (mode == configured ? "(b)" : "(b')") + " trainspark, " + what + ", " + master;
    }

    private Throughput report(Throughput t) {
        console.println(line(t));
        return t;
    }

    /** Prints the median run's line with every run's images/s, and returns the median run. */
    private Throughput reportMedian(List<Throughput> runs) {
        Throughput median = medianOf(runs, t -> t);
        StringBuilder all = new StringBuilder();
        for (Throughput t : runs) {
            all.append(all.length() == 0 ? "" : ", ").append(String.format("%.1f", t.imagesPerSecond()));
        }
        console.printf("%s  median of %d alternating runs: %s images/s%n", line(median), runs.size(), all);
        return median;
    }

    /** A mean round's parts, as printed. */
    static String split(RoundTimes mean, int rounds) {
        return String.format("mean of %d: broadcast %.1f ms, task launch %.1f ms, read state %.1f ms, fit %.1f ms, write state "
                        + "%.1f ms, aggregation %.1f ms, driver update %.1f ms; total %.1f ms", rounds, mean.broadcast() * 1e3,
                mean.launch() * 1e3, mean.readState() * 1e3, mean.fit() * 1e3, mean.writeState() * 1e3,
                mean.aggregation() * 1e3, mean.update() * 1e3, mean.total() * 1e3);
    }

    /** A contender's printed line: images/s, and the CPU time it took where measured. */
    static String line(Throughput t) {
        String cpu = Double.isNaN(t.cpuSeconds()) ? "" : String.format(", cpu %.1f s", t.cpuSeconds());
        return String.format("%-60s %9.1f images/s  (%d images in %.1f s%s)", t.name(), t.imagesPerSecond(), t.images(),
                t.seconds(), cpu);
    }
}
