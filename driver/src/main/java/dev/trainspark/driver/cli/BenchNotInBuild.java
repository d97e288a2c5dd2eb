package dev.trainspark.driver.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Stands in for {@code bench} when the benchmark module is not on the classpath (the cluster jar), so
 * the command answers with one line instead of picocli's "unknown command".
 */
@Command(name = "bench", description = "Benchmarks (only in a build from a source checkout).")
final class BenchNotInBuild implements Callable<Integer> {
    // Takes any arguments, --help included, so every bench invocation gets the same answer.
    @Unmatched
    List<String> ignored;

    @Override
    public Integer call() {
        System.err.println("error: the bench command is not in this build; run it with bin/trainspark from a source checkout");
        return ExitCodes.BAD_USAGE;
    }
}
