package dev.trainspark.driver.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The driver alone (as in the cluster jar) has no benchmarks: {@code bench} says so in one line and exits 2. */
class BenchNotInBuildTest {
    private static final String ANSWER =
            "error: the bench command is not in this build; run it with bin/trainspark from a source checkout";

    @Test
    void benchWithAnyArgumentsAnswersOneLineWithUsageExitCode() {
        assertAnswered("bench");
        assertAnswered("bench", "train", "--images-per-class", "20", "--epochs", "1");
        assertAnswered("bench", "--help");
    }

    private static void assertAnswered(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setErr(saved);
        }
        assertEquals(ExitCodes.BAD_USAGE, code, String.join(" ", args));
        assertEquals(ANSWER, err.toString(StandardCharsets.UTF_8).strip(), String.join(" ", args));
    }
}
