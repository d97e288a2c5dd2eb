package dev.trainspark.driver.cli;

/** The process exit codes of every command; scripts and schedulers branch on them, so each keeps its meaning. */
public final class ExitCodes {
    public static final int DONE = 0;
    public static final int FAILED = 1;
    public static final int BAD_USAGE = 2;
    public static final int BAD_DATA = 3;
    /** Another retrain holds the registry lease of the model. */
    public static final int BUSY = 4;

    private ExitCodes() {
    }
}
