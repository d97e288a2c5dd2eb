package dev.trainspark.driver.cli;

import dev.trainspark.driver.run.RunDirectory;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;

import java.util.Arrays;

/**
 * Keeps the run folder honest when the JVM exits while a run is active. Spark exits the JVM itself
 * on a fatal error in a task (code 52 after an {@link OutOfMemoryError}, 50 for other fatal
 * errors) and a signal ends it too; no catch block sees either. The hook marks the run failed,
 * releases the folder and ends the JVM with code 1 (0 if the run had completed): a hook cannot read
 * the code the JVM is exiting with, and 52 or 143 are not codes of this command line.
 *
 * <p>It runs through Hadoop's shutdown hook manager, after Spark's hook has stopped the context
 * (priority {@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}) and before the file systems are closed
 * ({@code FileSystem.SHUTDOWN_HOOK_PRIORITY}), so the status can still be written to any file system.
 */
final class RunExitHook implements AutoCloseable {
    private static final int PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 20;

    private final RunDirectory run;
    private final String command;
    private final Runnable hook = this::onExit;

    private RunExitHook(RunDirectory run, String command) {
        this.run = run;
        this.command = command;
    }

    static RunExitHook install(RunDirectory run, String command) {
        RunExitHook exitHook = new RunExitHook(run, command);
        ShutdownHookManager.get().addShutdownHook(exitHook.hook, PRIORITY);
        return exitHook;
    }

    private void onExit() {
        int code = ExitCodes.DONE;
        try {
            if (run.markExitedEarly(command, "the process exited before the run ended (Spark ends the JVM on a fatal "
                    + "error in a task, e.g. exit code 52 after java.lang.OutOfMemoryError; or it was stopped by a signal); "
                    + "the console log shows the cause")) {
                code = ExitCodes.FAILED;
                Path log = run.logError("the process exited while the run was active; "
                        + exitingThreads());
                System.err.println("error: the process is exiting before the run ended; " + run.dir()
                        + " is marked failed (details in " + log + ")");
            }
        } catch (RuntimeException e) {
            code = ExitCodes.FAILED;
            System.err.println("error: the process is exiting before the run ended and " + run.dir()
                    + " could not be marked failed: " + e);
        } finally {
            run.close();
            System.err.flush();
            System.out.flush();
            Runtime.getRuntime().halt(code);
        }
    }

    /** The stack of the thread that called System.exit, which names the cause; none when a signal ended the JVM. */
    private static String exitingThreads() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, frames) -> {
            if (Arrays.stream(frames).anyMatch(f -> f.getClassName().equals("java.lang.Shutdown") && f.getMethodName().equals("exit"))) {
                dump.append("thread \"").append(thread.getName()).append("\" called System.exit:\n");
                for (StackTraceElement frame : frames) {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
        });
        return dump.isEmpty() ? "no thread called System.exit: the JVM was stopped by a signal\n" : dump.toString();
    }

    /** Removes the hook once the run has ended; a hook already running (the JVM is exiting) is left to finish. */
    @Override
    public void close() {
        try {
            ShutdownHookManager.get().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // The hook records the exit and chooses the exit code.
        }
    }
}
