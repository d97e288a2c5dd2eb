package dev.trainspark.driver.cli;

/** The exit codes of shared/DESIGN.md. */
public final class ExitCodes {
    public static final int DONE = 0;
    public static final int FAILED = 1;
    public static final int BAD_USAGE = 2;
    public static final int BAD_DATA = 3;

    private ExitCodes() {
    }
}
