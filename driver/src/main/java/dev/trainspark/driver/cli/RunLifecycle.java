package dev.trainspark.driver.cli;

import dev.trainspark.driver.config.SparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * Brackets a command's work in its run folder: status "running" before, "complete" after, and
 * "failed" with the error (its trace in {@code error.log}) when anything is thrown or the JVM exits
 * meanwhile, so no folder is left looking finished. Afterwards the folder is tidied (no checksum
 * side files) and released.
 */
public final class RunLifecycle {
    public interface Work {
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

    /**
     * Runs {@code work} as the run, and releases the run folder afterwards however it ends.
     *
     * @throws RecordedFailure wrapping what the work threw, once it is recorded in the folder
     */
    public static void execute(RunDirectory run, String command, Work work) throws Exception {
        try (RunExitHook ignored = RunExitHook.install(run, command)) {
            run.markRunning(command);
            try {
                work.run();
            } catch (Exception | Error e) {
                throw recorded(run, command, e);
            }
            run.markComplete(command);
        } finally {
            try {
                run.files().dropChecksumFiles(run.dir());
            } catch (IOException | RuntimeException e) {
                // Side files left behind are clutter, not damage.
            }
            run.close();
        }
    }

    private static Exception recorded(RunDirectory run, String command, Throwable e) {
        try {
            run.markFailed(command, e);
        } catch (RuntimeException ignored) {
            // The original failure matters more than a failure to record it.
        }
        try {
            return new RecordedFailure(run.logError(e), e);
        } catch (RuntimeException notLogged) {
            e.addSuppressed(notLogged);
            return e instanceof Exception exception ? exception : new RecordedFailure(null, e);
        }
    }
}
