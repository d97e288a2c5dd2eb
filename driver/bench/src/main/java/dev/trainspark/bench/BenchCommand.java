package dev.trainspark.bench;

import dev.trainspark.driver.cli.CommandPlugin;
import dev.trainspark.driver.cli.ExitCodes;
import dev.trainspark.driver.cli.RunLifecycle;
import dev.trainspark.driver.cli.RunOptions;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.DatasetSource;
import dev.trainspark.models.Architecture;
import dev.trainspark.driver.train.SparkSessions;
import dev.trainspark.models.Architecture;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks against the baselines, measured in one run.",
        subcommands = {BenchCommand.Train.class, BenchCommand.Metrics.class, BenchCommand.Rebalance.class, BenchCommand.Smote.class,
                BenchCommand.Select.class, BenchCommand.Augment.class, BenchCommand.Predict.class, BenchCommand.Ingest.class})
public final class BenchCommand implements Runnable, CommandPlugin {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "a benchmark is required: train, metrics, rebalance, smote, select, augment, predict or ingest");
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training images/s: (a) single-process DL4J, (b) trainspark, (c) DL4J's ParameterAveragingTrainingMaster; "
                    + "then a communication-bound case with the round's time split and a projection to 8, 32 and 128 workers.")
    static final class Train implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--images-per-class", defaultValue = "400", description = "images of each class to train on (default ${DEFAULT-VALUE})")
        int imagesPerClass;

        @Option(names = "--epochs", defaultValue = "2", description = "timed epochs per contender (default ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--communication-rounds", defaultValue = "30",
                description = "timed rounds of the communication-bound case (default ${DEFAULT-VALUE})")
        int communicationRounds;

        @Override
        public Integer call() throws Exception {
            if (imagesPerClass < 1 || epochs < 1 || communicationRounds < 1) {
                throw new BadParameterException("--images-per-class, --epochs and --communication-rounds must be >= 1; got "
                        + imagesPerClass + ", " + epochs + " and " + communicationRounds);
            }
            HadoopFiles files = RunOptions.localFiles();
            TrainsparkConfig config = options.load(files);
            Dl4jSparkFit.requireStack(Architecture.fromConfigName(config.model().architecture()));
            RunDirectory run = options.newRun(files, config, "bench");
            RunLifecycle.executeWithSpark(run, "bench train", config.spark(),
                    spark -> new TrainBenchmark(spark, config, run, System.out).run(imagesPerClass, epochs, communicationRounds));
            return ExitCodes.DONE;
        }
    }

    @Command(name = "select", mixinStandardHelpOptions = true,
            description = "Images/s and wall time per epoch with no selection and with OHEM at pool factors 2 and 4 (train.epochs timed epochs).")
    static final class Select implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--images-per-class", defaultValue = "400", description = "images of each class to train on (default ${DEFAULT-VALUE})")
        int imagesPerClass;

        @Override
        public Integer call() throws Exception {
            if (imagesPerClass < 1) {
                throw new BadParameterException("--images-per-class is " + imagesPerClass + "; accepted: an integer >= 1");
            }
            HadoopFiles files = RunOptions.localFiles();
            TrainsparkConfig config = options.load(files);
            RunDirectory run = options.newRun(files, config, "bench");
            RunLifecycle.executeWithSpark(run, "bench select", config.spark(),
                    spark -> new SelectBenchmark(spark, config, run, System.out).run(imagesPerClass));
            return ExitCodes.DONE;
        }
    }

    @Command(name = "metrics", mixinStandardHelpOptions = true,
            description = "All metrics over generated predictions on the cluster, exact and binned curves: time and driver heap per size.")
    static final class Metrics implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--sizes", split = ",", defaultValue = "1000000,10000000",
                description = "numbers of predictions, comma-separated (default ${DEFAULT-VALUE})")
        long[] sizes;

        @Option(names = "--classes", defaultValue = "10", description = "number of classes (default ${DEFAULT-VALUE})")
        int classes;

        @Option(names = "--local-cluster", description = "run on local-cluster[2,1,3072]: local[2]'s parallelism with the "
                + "executors in their own JVMs, so the heap figures are the driver's alone")
        boolean localCluster;

        @Override
        public Integer call() throws Exception {
            for (long n : sizes) {
                if (n < 1) {
                    throw new BadParameterException("--sizes must be >= 1; got " + n);
                }
            }
            if (classes < 2) {
                throw new BadParameterException("--classes is " + classes + "; accepted: an integer >= 2");
            }
            HadoopFiles files = RunOptions.localFiles();
            TrainsparkConfig config = options.load(files);
            RunDirectory run = options.newRunWithoutData(files, config, "bench");
            RunLifecycle.executeWithSpark(run, "bench metrics", session(localCluster, 3072, config), spark -> run.writeJson(
                    RunDirectory.METRICS, MetricsBenchmark.run(spark, sizes, classes, config.seed(), System.out)));
            return ExitCodes.DONE;
        }
    }

    @Command(name = "rebalance", mixinStandardHelpOptions = true,
            description = "Train the config once per rebalancing method and print balanced accuracy and macro-F1 on the test split.")
    static final class Rebalance implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--methods", split = ",", paramLabel = "M,M,...",
                defaultValue = "none,random_over,random_over_affine,smote,adasyn,random_under,class_weights,easy_ensemble,threshold_moving",
                description = "methods to compare (default ${DEFAULT-VALUE}); also: borderline_smote, cluster_centroids, "
                        + "tomek_links, class_weights_effective, ohem, s_ohem, ohem_global, selective_backprop, focal, class_balanced_focal, "
                        + "random_over_affine_ohem, random_over_affine_focal")
        List<String> methods;

        @Override
        public Integer call() throws Exception {
            for (String m : methods) {
                if (!RebalanceComparison.VARIANTS.containsKey(m)) {
                    throw new BadParameterException("--methods has '" + m + "'; accepted: "
                            + String.join(", ", RebalanceComparison.VARIANTS.keySet()));
                }
            }
            HadoopFiles files = RunOptions.localFiles();
            TrainsparkConfig config = options.load(files);
            for (String m : methods) {
                options.load(files, RebalanceComparison.VARIANTS.get(m));
            }
            RunDirectory run = options.newRun(files, config, "bench");
            RunLifecycle.executeWithSpark(run, "bench rebalance", config.spark(),
                    spark -> new RebalanceComparison(spark, run, System.out)
                            .run(methods, overrides -> options.load(files, overrides)));
            return ExitCodes.DONE;
        }
    }

    @Command(name = "augment", mixinStandardHelpOptions = true,
            description = "Augmented images/s per core (config's image size and 224x224 RGB) and training wall time per epoch "
                    + "with and without the config's augmentation (the demo's affine warp on every row when it has none).")
    static final class Augment implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--images-per-class", defaultValue = "300", description = "images of each class to train on (default ${DEFAULT-VALUE})")
        int imagesPerClass;

        @Option(names = "--epochs", defaultValue = "1", description = "timed epochs per setting (default ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--seconds", defaultValue = "3", description = "timed seconds per image size for images/s (default ${DEFAULT-VALUE})")
        double seconds;

        @Override
        public Integer call() throws Exception {
            if (imagesPerClass < 1 || epochs < 1 || !(seconds > 0 && seconds <= 600)) {
                throw new BadParameterException("bench augment: --images-per-class " + imagesPerClass + ", --epochs " + epochs
                        + ", --seconds " + seconds + "; accepted: images-per-class >= 1, epochs >= 1, 0 < seconds <= 600");
            }
            HadoopFiles files = RunOptions.localFiles();
            TrainsparkConfig config = options.load(files);
            RunDirectory run = options.newRun(files, config, "bench");
            RunLifecycle.executeWithSpark(run, "bench augment", config.spark(),
                    spark -> new AugmentBenchmark(spark, config, run, System.out).run(imagesPerClass, epochs, seconds));
            return ExitCodes.DONE;
        }
    }

    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = "Inference images/s of a network and of its batch-norm-folded copy on the same generated images "
                    + "(the config's data.image size), through the executors' scoring code in this JVM; no Spark session.")
    static final class Predict implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--architecture", defaultValue = "small_cnn_bn", description = "network (default ${DEFAULT-VALUE})")
        String architecture;

        @Option(names = "--width", description = "width multiplier (default: the config's model.width)")
        Double width;

        @Option(names = "--images", defaultValue = "1024", description = "generated images per pass (default ${DEFAULT-VALUE})")
        int images;

        @Option(names = "--repetitions", defaultValue = "5", description = "timed passes per network (default ${DEFAULT-VALUE})")
        int repetitions;

        @Override
        public Integer call() throws Exception {
            Architecture chosen;
            try {
                chosen = Architecture.fromConfigName(architecture);
            } catch (IllegalArgumentException e) {
                throw new BadParameterException("--architecture is '" + architecture + "'; accepted: " + Architecture.names());
            }
            if (width != null && !(width > 0 && !width.isInfinite())) {
                throw new BadParameterException("--width is " + width + "; accepted: a finite number > 0");
            }
            if (images < 1 || repetitions < 1) {
                throw new BadParameterException("bench predict: --images " + images + ", --repetitions " + repetitions
                        + "; accepted: integers >= 1");
            }
            HadoopFiles files = RunOptions.localFiles();
            List<String> network = new ArrayList<>(List.of("model.architecture=" + chosen.configName()));
            if (width != null) {
                network.add("model.width=" + width);
            }
            TrainsparkConfig config = options.load(files, network);
            RunDirectory run = options.newRunWithoutData(files, config, "bench");
            RunLifecycle.execute(run, "bench predict", () -> run.writeJson(RunDirectory.METRICS, PredictBenchmark.run(
                    config.networkSpec(10), images, config.train().evalBatchSize(), repetitions, config.seed(), System.out)));
            return ExitCodes.DONE;
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Images/s of ingest on the config's image folder (on its Spark master) against a single-thread loop "
                    + "that reads, decodes and thumbnails the same files without Spark.")
    static final class Ingest implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--warm-up", defaultValue = "200", description = "images per class of the untimed warm-up (default ${DEFAULT-VALUE})")
        int warmUpPerClass;

        @Option(names = "--repetitions", defaultValue = "5", description = "timed passes of each; the fastest counts (default ${DEFAULT-VALUE})")
        int repetitions;

        @Override
        public Integer call() throws Exception {
            if (warmUpPerClass < 1 || repetitions < 1) {
                throw new BadParameterException("bench ingest: --warm-up " + warmUpPerClass + ", --repetitions " + repetitions
                        + "; accepted: integers >= 1");
            }
            HadoopFiles files = RunOptions.localFiles();
            TrainsparkConfig config = options.load(files);
            DatasetSource.requireExists(files, config.data());
            IngestBenchmark.requireImageFolder(files, config.data());
            RunDirectory run = options.newRun(files, config, "bench");
            RunLifecycle.executeWithSpark(run, "bench ingest", config.spark(), spark -> run.writeJson(RunDirectory.METRICS,
                    new IngestBenchmark(spark, config.data(), run, System.out).run(warmUpPerClass, repetitions)));
            return ExitCodes.DONE;
        }
    }

    /**
     * A session on {@code local-cluster[2,1,executorMemoryMb]} (two single-core executors in their own
     * JVMs, so heap figures are the driver's alone), or on the config's master.
     */
    private static Supplier<SparkSession> session(boolean localCluster, int executorMemoryMb, TrainsparkConfig config) {
        return localCluster ? () -> SmoteBenchmark.startLocalCluster(2, executorMemoryMb) : () -> SparkSessions.create(config.spark());
    }

    @Command(name = "smote", mixinStandardHelpOptions = true,
            description = "Distributed exact SMOTE on a generated dataset against the same blockwise BLAS search and draw in one "
                    + "process, in the same run: time, Spark's floor (the same I/O without the search) and peak driver heap "
                    + "(executors in their own JVMs unless --in-process).")
    static final class Smote implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--rows", defaultValue = "100000", description = "rows (default ${DEFAULT-VALUE})")
        int rows;

        @Option(names = "--dims", defaultValue = "784", description = "features per row (default ${DEFAULT-VALUE})")
        int dims;

        @Option(names = "--minority-share", defaultValue = "0.1", description = "share of the minority class (default ${DEFAULT-VALUE})")
        double minorityShare;

        @Option(names = "--k", defaultValue = "5", description = "SMOTE neighbours (default ${DEFAULT-VALUE})")
        int k;

        @Option(names = "--in-process", description = "use the config's spark.master (e.g. local[2]); executors then share the "
                + "driver's heap and the heap figure is only an upper bound")
        boolean inProcess;

        @Override
        public Integer call() throws Exception {
            if (rows < 2 || dims < 1 || !(minorityShare > 0 && minorityShare < 0.5) || k < 1) {
                throw new BadParameterException("bench smote: --rows " + rows + ", --dims " + dims
                        + ", --minority-share " + minorityShare + ", --k " + k
                        + "; accepted: rows >= 2, dims >= 1, 0 < minority-share < 0.5, k >= 1");
            }
            HadoopFiles files = RunOptions.localFiles();
            TrainsparkConfig config = options.load(files);
            RunDirectory run = options.newRunWithoutData(files, config, "bench");
            RunLifecycle.executeWithSpark(run, "bench smote", session(!inProcess, 2048, config), spark -> run.writeJson(
                    RunDirectory.METRICS, SmoteBenchmark.run(spark, rows, dims, minorityShare, k, config.seed(), System.out)));
            return ExitCodes.DONE;
        }
    }
}
