package dev.trainspark.driver.registry;

import dev.trainspark.driver.config.RegistryConfig;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryLeaseTest {
    @TempDir
    Path tmp;

    private ModelRegistry registry() {
        return ModelRegistry.open(new HadoopFiles(new Configuration()), new RegistryConfig(tmp.toString(), "m"));
    }

    @Test
    void aSecondHolderIsRefusedWithTheFirstNamedAndTheLeaseIsFreedOnClose() {
        ModelRegistry registry = registry();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (RegistryLease first = RegistryLease.acquire(registry, "retrain", quiet)) {
            assertNull(first.takeover());
            RegistryBusyException busy = assertThrows(RegistryBusyException.class, () -> RegistryLease.acquire(registry, "retrain", quiet));
            assertTrue(busy.getMessage().contains("another retrain holds the lease of registry model 'm'"), busy.getMessage());
            assertTrue(busy.getMessage().contains("pid " + ProcessHandle.current().pid()) && busy.getMessage().contains("expires"),
                    busy.getMessage());
        }
        assertFalse(Files.exists(tmp.resolve("m").resolve(RegistryLease.FILE)));
        RegistryLease.acquire(registry, "retrain", quiet).close();
    }

    @Test
    void theLeaseOfAProcessThatIsGoneIsTakenOverAndSaidSo() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.createDirectories(tmp.resolve("m"));
        Files.writeString(tmp.resolve("m").resolve(RegistryLease.FILE), "{\"command\":\"retrain\",\"host\":\""
                + java.net.InetAddress.getLocalHost().getHostName() + "\",\"pid\":" + gone.pid() + ",\"since\":\"then\",\"token\":\"x\"}");
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        try (RegistryLease lease = RegistryLease.acquire(registry(), "retrain", new PrintStream(warnings, true, StandardCharsets.UTF_8))) {
            assertTrue(lease.takeover().contains("pid " + gone.pid()) && lease.takeover().contains("is not running"), lease.takeover());
            assertTrue(warnings.toString(StandardCharsets.UTF_8).contains("took over the lease"), warnings.toString());
        }
        assertEquals(0, Files.list(tmp.resolve("m")).count(), "neither the old lease nor ours is left");
    }
}
