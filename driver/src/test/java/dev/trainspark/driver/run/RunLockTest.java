package dev.trainspark.driver.run;

import dev.trainspark.driver.cli.Console;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.io.HadoopFiles;
import dev.trainspark.pipeline.testing.DemoImages;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One writer per run folder: a held folder is refused with the holder named; a lock whose owner is gone is taken over. */
class RunLockTest {
    private static final HadoopFiles FILES = new HadoopFiles(new Configuration());

    @TempDir
    java.nio.file.Path tmp;

    /** The folder a stopped run leaves: its config and status. */
    private java.nio.file.Path stoppedRun(String name) throws Exception {
        java.nio.file.Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("config.yaml"), "train:\n  epochs: 1\n");
        Files.writeString(dir.resolve("status.json"), "{\"state\": \"running\"}\n");
        return dir;
    }

    private static Path hadoopPath(java.nio.file.Path dir) {
        return new Path(dir.toUri());
    }

    private static void writeLock(java.nio.file.Path dir, String host, long pid, Instant heartbeat) throws Exception {
        java.nio.file.Path lock = dir.resolve(RunLock.FILE);
        Files.writeString(lock, "{\"host\": \"" + host + "\", \"pid\": " + pid + ", \"process_start\": \"\", "
                + "\"since\": \"2020-01-01T00:00:00Z\", \"token\": \"other\"}");
        Files.setLastModifiedTime(lock, FileTime.from(heartbeat));
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aResumeOrANewRunIntoAHeldFolderIsRefusedNamingTheHolderAndTouchesNothing() throws Exception {
        java.nio.file.Path dir = stoppedRun("held");
        byte[] status = Files.readAllBytes(dir.resolve("status.json"));
        byte[] config = Files.readAllBytes(dir.resolve("config.yaml"));
        try (RunLock held = RunLock.acquire(FILES, hadoopPath(dir), dir.toString(), false, System.err)) {
            String holder = "pid " + ProcessHandle.current().pid();
            Console.Outcome resume = Console.run("train", "--resume", "--out", dir.toString());
            assertEquals(2, resume.code(), resume.stderr());
            assertEquals(1, resume.stderr().lines().count(), "one line: " + resume.stderr());
            assertTrue(resume.stderr().contains("in use by another trainspark process") && resume.stderr().contains(holder)
                    && resume.stderr().contains("host " + InetAddress.getLocalHost().getHostName())
                    && resume.stderr().contains("since " + held.owner().since()), resume.stderr());

            Console.Outcome fresh = Console.run("train", "--data", DemoImages.mnistRoot().toString(), "--out", dir.toString());
            assertEquals(2, fresh.code(), fresh.stderr());
            assertTrue(fresh.stderr().contains("in use by another trainspark process") && fresh.stderr().contains(holder),
                    fresh.stderr());

            assertArrayEquals(status, Files.readAllBytes(dir.resolve("status.json")), "status.json untouched");
            assertArrayEquals(config, Files.readAllBytes(dir.resolve("config.yaml")), "config.yaml untouched");
            assertTrue(Files.exists(dir.resolve(RunLock.FILE)), "the holder keeps its lock");
        }
        assertFalse(Files.exists(dir.resolve(RunLock.FILE)), "released when the holder closes it");
    }

    @Test
    void aLockWhoseProcessIsGoneIsTakenOverOnlyWhenResuming() throws Exception {
        java.nio.file.Path dir = stoppedRun("dead-owner");
        long pid = deadPid();
        writeLock(dir, InetAddress.getLocalHost().getHostName(), pid, Instant.now());

        BadParameterException refused = assertThrows(BadParameterException.class,
                () -> RunLock.acquire(FILES, hadoopPath(dir), "out", false, System.err));
        assertTrue(refused.getMessage().contains("pid " + pid), refused.getMessage());

        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        try (RunLock taken = RunLock.acquire(FILES, hadoopPath(dir), "out", true, new PrintStream(warnings, true, StandardCharsets.UTF_8))) {
            String warning = warnings.toString(StandardCharsets.UTF_8);
            assertTrue(warning.startsWith("warning:") && warning.contains("pid " + pid) && warning.contains("is not running"), warning);
            assertTrue(Files.readString(dir.resolve(RunLock.FILE)).contains(taken.owner().token()), "the lock names its new owner");
        }
    }

    @Test
    void aLockFromAnotherHostIsStaleOnlyWithoutHeartbeat() throws Exception {
        java.nio.file.Path dir = stoppedRun("elsewhere");
        long livePid = ProcessHandle.current().pid();
        writeLock(dir, "another-host", livePid, Instant.now());
        BadParameterException refused = assertThrows(BadParameterException.class,
                () -> RunLock.acquire(FILES, hadoopPath(dir), "out", true, System.err));
        assertTrue(refused.getMessage().contains("host another-host"), refused.getMessage());

        writeLock(dir, "another-host", livePid, Instant.now().minus(RunLock.STALE).minus(5, ChronoUnit.SECONDS));
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        RunLock.acquire(FILES, hadoopPath(dir), "out", true, new PrintStream(warnings, true, StandardCharsets.UTF_8)).close();
        assertTrue(warnings.toString(StandardCharsets.UTF_8).contains("no heartbeat for"), warnings.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theHolderKeepsItsLockFreshWhileItRuns() throws Exception {
        java.nio.file.Path dir = stoppedRun("heartbeat");
        try (RunLock held = RunLock.acquire(FILES, hadoopPath(dir), "out", false, System.err)) {
            java.nio.file.Path lock = dir.resolve(RunLock.FILE);
            Instant old = Instant.now().minus(RunLock.STALE).minus(5, ChronoUnit.SECONDS);
            Files.setLastModifiedTime(lock, FileTime.from(old));
            Thread.sleep(RunLock.HEARTBEAT.toMillis() + 1500);
            assertTrue(Files.getLastModifiedTime(lock).toInstant().isAfter(Instant.now().minus(RunLock.HEARTBEAT.multipliedBy(2))),
                    "the heartbeat refreshed the lock");
            assertTrue(RunLock.liveOwner(FILES, hadoopPath(dir)).isPresent());
        }
    }
}
