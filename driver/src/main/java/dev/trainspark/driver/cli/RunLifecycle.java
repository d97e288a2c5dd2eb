package dev.trainspark.driver.cli;

import dev.trainspark.driver.config.SparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.util.function.Supplier;

/**
 * Brackets a command's work in its run folder: status "running" before, "complete" after, and
 * "failed" with the error when anything is thrown, so no folder is left looking finished.
 */
public final class RunLifecycle {
    interface Work {
        void run() throws Exception;
    }

    public interface SparkWork {
        void run(SparkSession spark) throws Exception;
    }

    /** {@link #execute} with a Spark session that is stopped however the work ends. */
    public static void executeWithSpark(RunDirectory run, String command, SparkConfig sparkConfig, SparkWork work) throws Exception {
        executeWithSpark(run, command, () -> SparkSessions.create(sparkConfig), work);
    }

    /** As above, with the session from {@code session} (e.g. a local-cluster one for a benchmark). */
    public static void executeWithSpark(RunDirectory run, String command, Supplier<SparkSession> session, SparkWork work)
            throws Exception {
        execute(run, command, () -> {
            SparkSession spark = session.get();
            try {
                work.run(spark);
            } finally {
                spark.stop();
            }
        });
    }

    private RunLifecycle() {
    }

    static void execute(RunDirectory run, String command, Work work) throws Exception {
        run.markRunning(command);
        try {
            work.run();
        } catch (Exception | Error e) {
            try {
                run.markFailed(command, e);
            } catch (RuntimeException ignored) {
                // The original failure matters more than a failure to record it.
            }
            throw e;
        }
        run.markComplete(command);
    }
}
