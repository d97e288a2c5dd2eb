package dev.trainspark.driver.cli;

import dev.trainspark.driver.tune.LrRangeSettings;
import dev.trainspark.driver.tune.LrRangeTest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code tune lr}: hyperparameters looked for before a real run. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Look for hyperparameters before training: tune lr runs the learning-rate range test.",
        subcommands = {TuneCommand.LearningRate.class})
public final class TuneCommand implements Runnable {
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a tune command is required: lr");
    }

    @Command(name = "lr", mixinStandardHelpOptions = true,
            description = "Learning-rate range test: train the configured network from its initial state with the rate rising "
                    + "exponentially from --min to --max, one minibatch per rate, until the smoothed loss diverges; writes "
                    + "lr_range.csv, lr_range.png and lr_range.json and prints a suggested model.learning_rate.")
    static final class LearningRate implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--min", paramLabel = "RATE", defaultValue = "1e-7", description = "first learning rate (default ${DEFAULT-VALUE})")
        double min;

        @Option(names = "--max", paramLabel = "RATE", defaultValue = "10", description = "last learning rate (default ${DEFAULT-VALUE})")
        double max;

        @Option(names = "--iterations", paramLabel = "N", description = "iterations of the sweep, at least 10 (default: one pass "
                + "over the training data, as many as an epoch of train has, at least 50)")
        Integer iterations;

        @Override
        public Integer call() throws Exception {
            LrRangeSettings settings = new LrRangeSettings(min, max, iterations);
            return options.runOnData("tune-lr",
                    (spark, config, run) -> new LrRangeTest(spark, config, run, System.out, settings).run());
        }
    }
}
