package dev.trainspark.bench;

import dev.trainspark.driver.config.RoundSync;
import dev.trainspark.driver.train.ParameterAveraging;
import dev.trainspark.models.Architecture;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.OptimizerSpec;
import dev.trainspark.workers.fit.RoundPlan;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

import java.io.PrintStream;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The case where orchestration decides: a VGG-11 at half width (2.6 million parameters) on 32x32x3
 * generated images, a small batch, averaging after every minibatch, so that each round moves the
 * whole state (parameters and updater state) twice and fits little. Measures this project's rounds
 * with their time split, both as a Spark job per round and averaged among the tasks of one stage,
 * and DL4J's master on the same network, images and settings.
 */
final class CommunicationBoundCase {
    static final Architecture ARCHITECTURE = Architecture.VGG11;
    static final double WIDTH = 0.5;
    static final int SIDE = 32;
    static final int CHANNELS = 3;
    static final int CLASSES = 10;
    static final int BATCH = 8;
    static final int WARMUP_ROUNDS = 2;

    private final JavaSparkContext sc;
    private final PrintStream console;
    private final int workers;
    private final int rounds;
    private final long seed;
    private final NetworkSpec spec;
    private final RoundSync sync;

    CommunicationBoundCase(JavaSparkContext sc, PrintStream console, OptimizerSpec optimizer, int workers, int rounds,
                           long seed, RoundSync sync) {
        this.sc = sc;
        this.sync = sync;
        this.console = console;
        this.workers = workers;
        this.rounds = rounds;
        this.seed = seed;
        this.spec = new NetworkSpec(ARCHITECTURE, SIDE, SIDE, CHANNELS, CLASSES, optimizer, seed, List.of(), null, WIDTH);
    }

    /**
     * What one run measured.
     *
     * @param ours      this project with the replicas averaged as the config says ({@code train.sync})
     * @param jobRounds a Spark job per round ({@code train.sync: driver})
     * @param ring      one barrier stage, the tasks averaging among themselves ({@code train.sync: allreduce})
     */
    record Result(AveragingRun ours, AveragingRun jobRounds, AveragingRun ring, Throughput dl4j, long stateBytes,
                  long parameters) {
        double dl4jRoundSeconds(int workers) {
            return dl4j.seconds() / (dl4j.images() / ((double) workers * BATCH));
        }
    }

    Result run() throws Exception {
        ModelState initial = ModelState.of(Networks.build(spec));
        long stateBytes = 4L * (initial.params().length + initial.updaterState().length);
        console.printf("communication-bound case: %s at width %.1f (%,d parameters; %.1f MB of parameters and %s state per "
                        + "replica), %dx%dx%d generated images, batch %d, averaging after every minibatch, %d workers, %d rounds%n",
                ARCHITECTURE.configName(), WIDTH, initial.params().length, stateBytes / 1e6, spec.optimizer().updater(), SIDE, SIDE,
                CHANNELS, BATCH, workers, rounds);
        JavaRDD<Sample> shards = images(0, workers * BATCH * (rounds + WARMUP_ROUNDS));
        List<Sample> samples = shards.collect();
        AveragingRun jobRounds = measureJobRounds(initial, shards);
        AveragingRun ring = measureRing(initial);
        AveragingRun ours = sync == RoundSync.ALLREDUCE ? ring : jobRounds;
        for (AveragingRun run : sync == RoundSync.ALLREDUCE ? List.of(ring, jobRounds) : List.of(jobRounds, ring)) {
            console.println(TrainBenchmark.line(run.throughput()));
            console.println("    per round, " + TrainBenchmark.split(run.meanRound(), run.rounds()));
        }
        Throughput dl4j = Dl4jSparkFit.measure(sc, spec, samples, BATCH, 1, workers, 1, seed, Dl4jSparkFit.Setup.AS_SHIPPED,
                workers * BATCH * WARMUP_ROUNDS);
        console.println(TrainBenchmark.line(dl4j));
        Result result = new Result(ours, jobRounds, ring, dl4j, stateBytes, initial.params().length);
        console.printf("    per round: %.1f ms%n", result.dl4jRoundSeconds(workers) * 1e3);
        return result;
    }

    private AveragingRun measureJobRounds(ModelState initial, JavaRDD<Sample> shards) {
        ParameterAveraging averaging = new ParameterAveraging(sc, spec, BATCH, 1, seed);
        ModelState state = initial;
        AveragingRun.Recorder timed = null;
        for (int r = 0; r < rounds + WARMUP_ROUNDS; r++) {
            if (r == WARMUP_ROUNDS) {
                timed = new AveragingRun.Recorder();
            }
            var result = averaging.fitRound(shards, state, new RoundPlan(0, r, BATCH, 1, r, seed));
            state = result.average();
            if (timed != null) {
                timed.add(result);
            }
        }
        AveragingRun run = timed.finish(TrainBenchmark.name(RoundSync.DRIVER, sync, sc.master()));
        shards.unpersist(false);
        return run;
    }

    /** The same rounds averaged among the tasks: a warm-up epoch of its own, then one timed epoch of all rounds. */
    private AveragingRun measureRing(ModelState initial) {
        ParameterAveraging averaging = new ParameterAveraging(sc, spec, BATCH, 1, seed).withSync(RoundSync.ALLREDUCE);
        JavaRDD<Sample> warmUp = images(0, workers * BATCH * WARMUP_ROUNDS);
        averaging.fitEpoch(warmUp, (long) BATCH * WARMUP_ROUNDS, initial, 0, (e, r, n, result, seconds) -> { });
        warmUp.unpersist(false);
        JavaRDD<Sample> shards = images(workers * BATCH * WARMUP_ROUNDS, workers * BATCH * rounds);
        shards.count();
        AveragingRun.Recorder timed = new AveragingRun.Recorder();
        averaging.fitEpoch(shards, (long) BATCH * rounds, initial, 0, timed);
        AveragingRun run = timed.finish(TrainBenchmark.name(RoundSync.ALLREDUCE, sync, sc.master()));
        shards.unpersist(false);
        return run;
    }

    /**
     * Images of ten classes, each a fixed random pattern plus noise, made on the executors from the
     * seed and the image's index and cached there, as training shards are: tasks then carry no rows.
     */
    private JavaRDD<Sample> images(int first, int count) {
        long imageSeed = seed;
        return sc.parallelize(java.util.stream.IntStream.range(first, first + count).boxed().toList(), workers)
                .map(n -> image(imageSeed, n)).persist(StorageLevel.MEMORY_ONLY());
    }

    static Sample image(long seed, int n) {
        int label = n % CLASSES;
        int size = SIDE * SIDE * CHANNELS;
        SplittableRandom pattern = new SplittableRandom(seed * 31 + label);
        SplittableRandom noise = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (n + 1)));
        float[] pixels = new float[size];
        for (int i = 0; i < size; i++) {
            pixels[i] = (float) Math.min(1, Math.max(0, pattern.nextDouble() + 0.2 * (noise.nextDouble() - 0.5)));
        }
        return new Sample(String.format("g%06d", n), label, pixels);
    }
}
