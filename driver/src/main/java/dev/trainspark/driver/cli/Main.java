package dev.trainspark.driver.cli;

import dev.trainspark.driver.config.ConfigException;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.BadParameterException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ServiceLoader;

/** Entry point of {@code bin/trainspark} and of spark-submit. */
@Command(name = "trainspark", mixinStandardHelpOptions = true, version = "trainspark 0.1.0",
        description = "Distributed training of image classifiers on Apache Spark with DL4J.",
        subcommands = {IngestCommand.class, TrainCommand.class, CvCommand.class, ScoreCommands.Evaluate.class,
                ScoreCommands.Predict.class, MetricsCommand.class, RebalanceCommand.class, AugmentCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required: ingest, train, cv, evaluate, predict, metrics, rebalance or bench");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        for (CommandPlugin plugin : ServiceLoader.load(CommandPlugin.class)) {
            cli.addSubcommand(plugin);
        }
        if (!cli.getSubcommands().containsKey("bench")) {
            cli.addSubcommand(new BenchNotInBuild());
        }
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> report(e));
        return cli.execute(args);
    }

    private static int report(Exception e) {
        Throwable cause = e;
        while (!(cause instanceof ConfigException || cause instanceof BadParameterException || cause instanceof BadDataException) && cause.getCause() != null
                && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof ConfigException || cause instanceof BadParameterException) {
            System.err.println("error: " + cause.getMessage());
            return ExitCodes.BAD_USAGE;
        }
        if (cause instanceof BadDataException) {
            System.err.println("error: " + cause.getMessage());
            return ExitCodes.BAD_DATA;
        }
        System.err.println("error: " + e);
        e.printStackTrace(System.err);
        return ExitCodes.FAILED;
    }
}
