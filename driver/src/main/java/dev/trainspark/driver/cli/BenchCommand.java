package dev.trainspark.driver.cli;

import dev.trainspark.driver.bench.TrainBenchmark;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.pipeline.io.HadoopFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks against the baselines, measured in one run.",
        subcommands = {BenchCommand.Train.class, BenchCommand.Metrics.class, BenchCommand.Rebalance.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "a benchmark is required: train, metrics or rebalance");
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training images/s: (a) single-process DL4J, (b) trainspark, (c) DL4J's ParameterAveragingTrainingMaster.")
    static final class Train implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--images-per-class", defaultValue = "400", description = "images of each class to train on (default ${DEFAULT-VALUE})")
        int imagesPerClass;

        @Option(names = "--epochs", defaultValue = "2", description = "timed epochs per contender (default ${DEFAULT-VALUE})")
        int epochs;

        @Override
        public Integer call() throws Exception {
            if (imagesPerClass < 1 || epochs < 1) {
                throw new dev.trainspark.driver.config.ConfigException("--images-per-class and --epochs must be >= 1; got "
                        + imagesPerClass + " and " + epochs);
            }
            HadoopFiles files = RunOptions.localFiles();
            TrainsparkConfig config = options.load(files);
            RunDirectory run = options.newRun(files, config, "bench");
            RunLifecycle.executeWithSpark(run, "bench train", config.spark(),
                    spark -> new TrainBenchmark(spark, config, run, System.out).run(imagesPerClass, epochs));
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

        @Override
        public Integer call() throws Exception {
            for (long n : sizes) {
                if (n < 1) {
                    throw new dev.trainspark.driver.config.ConfigException("--sizes must be >= 1; got " + n);
                }
            }
            if (classes < 2) {
                throw new dev.trainspark.driver.config.ConfigException("--classes is " + classes + "; accepted: an integer >= 2");
            }
            HadoopFiles files = RunOptions.localFiles();
            TrainsparkConfig config = options.load(files);
            RunDirectory run = options.newRunWithoutData(files, config, "bench");
            RunLifecycle.executeWithSpark(run, "bench metrics", config.spark(), spark -> {
                var results = dev.trainspark.driver.bench.MetricsBenchmark.run(spark, sizes, classes, config.seed(), System.out);
                run.writeJson(RunDirectory.METRICS, results);
            });
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
                        + "tomek_links, class_weights_effective")
        List<String> methods;

        @Override
        public Integer call() throws Exception {
            for (String m : methods) {
                if (!dev.trainspark.driver.bench.RebalanceComparison.VARIANTS.containsKey(m)) {
                    throw new dev.trainspark.driver.config.ConfigException("--methods has '" + m + "'; accepted: "
                            + String.join(", ", dev.trainspark.driver.bench.RebalanceComparison.VARIANTS.keySet()));
                }
            }
            HadoopFiles files = RunOptions.localFiles();
            TrainsparkConfig config = options.load(files);
            for (String m : methods) {
                options.load(files, dev.trainspark.driver.bench.RebalanceComparison.VARIANTS.get(m));
            }
            RunDirectory run = options.newRun(files, config, "bench");
            RunLifecycle.executeWithSpark(run, "bench rebalance", config.spark(),
                    spark -> new dev.trainspark.driver.bench.RebalanceComparison(spark, run, System.out)
                            .run(methods, overrides -> options.load(files, overrides)));
            return ExitCodes.DONE;
        }
    }
}
