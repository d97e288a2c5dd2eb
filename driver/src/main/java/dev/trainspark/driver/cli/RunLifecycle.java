package dev.trainspark.driver.cli;

import dev.trainspark.driver.run.RunDirectory;

/**
 * Brackets a command's work in its run folder: status "running" before, "complete" after, and
 * "failed" with the error when anything is thrown, so no folder is left looking finished.
 */
final class RunLifecycle {
    interface Work {
        void run() throws Exception;
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
