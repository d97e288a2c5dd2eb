package dev.trainspark.driver.cli;

import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.driver.train.TrainingFailedException;
import org.apache.hadoop.util.ShutdownHookManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ServiceLoader;

/** Entry point of {@code bin/trainspark} and of spark-submit. */
@Command(name = "trainspark", mixinStandardHelpOptions = true, version = "trainspark 0.1.0",
        description = "Distributed training of image classifiers on Apache Spark with DL4J.",
        subcommands = {IngestCommand.class, TrainCommand.class, CvCommand.class, ScoreCommands.Evaluate.class,
                ScoreCommands.Predict.class, MetricsCommand.class, RebalanceCommand.class, AugmentCommand.class,
                RetrainCommand.class, RegistryCommand.class, ExportCommand.class, TuneCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required: ingest, train, cv, evaluate, predict, metrics, rebalance, export, tune or bench");
    }

    public static void main(String[] args) {
        int code = run(args);
        // In YARN's cluster mode the ApplicationMaster runs this main in a thread of its own and reports
        // SUCCEEDED only when it returns: System.exit, even with 0, would end the application as FAILED.
        if (code == ExitCodes.DONE && System.getProperty("spark.yarn.app.id") != null) {
            return;
        }
        System.exit(code);
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
        try {
            return cli.execute(args);
        } catch (Error e) {
            // picocli hands only exceptions to the handler; an error thrown outside a run ends here.
            return report(e);
        }
    }

    /**
     * One line for an expected error (usage, config or data); for any other, one line naming the
     * run's error.log when the failure was recorded there, else the line and the stack trace.
     */
    private static int report(Throwable e) {
        if (e instanceof RecordedFailure && ShutdownHookManager.get().isShutdownInProgress()) {
            // The JVM is exiting under the run (a signal, or Spark ending it): what failed here is the
            // run's work cut short (e.g. its job cancelled as Spark stopped), and the run's exit hook
            // prints the one line that says so and sets the exit code.
            return ExitCodes.FAILED;
        }
        Throwable failure = e instanceof RecordedFailure recorded ? recorded.getCause() : e;
        Throwable cause = failure;
        while (!(cause instanceof BadParameterException || cause instanceof BadDataException) && cause.getCause() != null
                && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof BadParameterException) {
            System.err.println("error: " + cause.getMessage());
            return ExitCodes.BAD_USAGE;
        }
        if (cause instanceof BadDataException) {
            System.err.println("error: " + cause.getMessage());
            return ExitCodes.BAD_DATA;
        }
        if (failure instanceof TrainingFailedException stopped) {
            // An outcome of training, not a fault of the program: its reason is the whole story.
            System.err.println("error: " + stopped.getMessage());
            return ExitCodes.FAILED;
        }
        if (e instanceof RecordedFailure recorded && recorded.errorLog() != null) {
            // Some messages (Spark's job failures) run over many lines; the log has them whole.
            System.err.println("error: " + failure.toString().lines().findFirst().orElse("") + " (details in "
                    + recorded.errorLog() + ")");
            return ExitCodes.FAILED;
        }
        System.err.println("error: " + failure);
        failure.printStackTrace(System.err);
        return ExitCodes.FAILED;
    }
}
