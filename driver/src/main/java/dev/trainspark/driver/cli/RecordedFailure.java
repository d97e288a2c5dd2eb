package dev.trainspark.driver.cli;

import org.apache.hadoop.fs.Path;

/**
 * A run's failure once it is recorded in the run folder: status failed, the full stack trace in
 * {@code error.log}. The cause is the failure itself.
 */
final class RecordedFailure extends Exception {
    private final transient Path errorLog;

    RecordedFailure(Path errorLog, Throwable cause) {
        super(cause.toString(), cause);
        this.errorLog = errorLog;
    }

    Path errorLog() {
        return errorLog;
    }
}
