package dev.trainspark.bench;

import dev.trainspark.driver.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With this module on the classpath the driver's Main offers the real {@code bench} command. */
class BenchCommandPluginTest {
    @Test
    void mainFindsTheBenchCommandAndItsBenchmarks() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("bench", "--help");
        } finally {
            System.setOut(saved);
        }
        String help = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, help);
        for (String benchmark : new String[] {"train", "metrics", "rebalance", "smote"}) {
            assertTrue(help.contains("  " + benchmark + " "), "expected " + benchmark + " in: " + help);
        }
    }
}
