package dev.trainspark.driver.cli;

import dev.trainspark.driver.bench.TrainBenchmark;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.pipeline.io.HadoopFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks against the baselines, measured in one run.",
        subcommands = {BenchCommand.Train.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "a benchmark is required: train");
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
}
