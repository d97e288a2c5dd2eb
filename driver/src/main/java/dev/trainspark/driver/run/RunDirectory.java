package dev.trainspark.driver.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run's folder. {@code status.json} says whether the run is running, complete or failed, so a
 * folder left by a stopped or failed run is never mistaken for a finished one. The folder is held
 * through its {@link RunLock} from {@link #create} or {@link #existing} until {@link #close}, so
 * two processes never write one run.
 */
public final class RunDirectory implements AutoCloseable {
    public static final String STATUS = "status.json";
    public static final String CONFIG = "config.yaml";
    public static final String METRICS = "metrics.json";
    public static final String EVENTS = "events.jsonl";
    public static final String REPORT = "report.html";
    public static final String MODEL = "model";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String ERROR_LOG = "error.log";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HadoopFiles files;
    private final Path dir;
    private final RunLock lock;
    /** "complete" or "failed" once recorded by this process; null while running. */
    private String outcome;

    private RunDirectory(HadoopFiles files, Path dir, RunLock lock) {
        this.files = files;
        this.dir = dir;
        this.lock = lock;
    }

    /**
     * A new run folder, locked; refuses one that already holds files, which would mix two runs, and
     * names the process that holds it when one does.
     */
    public static RunDirectory create(HadoopFiles files, String out) {
        Path dir = files.qualify(out);
        try {
            if (files.exists(dir)) {
                FileStatus[] children = files.fs(dir).listStatus(dir);
                if (!files.isDirectory(dir) || children.length > 0) {
                    RunLock.liveOwner(files, dir).ifPresent(owner -> {
                        throw new BadParameterException("--out " + HadoopFiles.named(out, dir) + " is in use by another trainspark process ("
                                + owner.describe() + "); accepted: a new folder");
                    });
                    throw new BadParameterException("--out " + HadoopFiles.named(out, dir) + " already exists and is not empty; accepted: a new folder, "
                            + "or the same folder with --resume to continue the run in it");
                }
            }
            files.mkdirs(dir);
        } catch (IOException e) {
            throw new BadParameterException("--out " + HadoopFiles.named(out, dir) + " cannot be created (" + e.getMessage()
                    + "); accepted: a folder that can be created and written", e);
        }
        return new RunDirectory(files, dir, RunLock.acquire(files, dir, out, false, System.err));
    }

    /**
     * The folder of an earlier run, to resume it, locked; a lock left by a process that is gone is
     * taken over with a warning on {@code warnings}.
     */
    public static RunDirectory existing(HadoopFiles files, String out, PrintStream warnings) {
        Path dir = files.qualify(out);
        if (!files.exists(new Path(dir, CONFIG))) {
            throw new BadParameterException("--resume needs --out to name an earlier run folder; " + HadoopFiles.named(out, dir)
                    + " holds no " + CONFIG);
        }
        return new RunDirectory(files, dir, RunLock.acquire(files, dir, out, true, warnings));
    }

    /** Releases the folder for other processes. */
    @Override
    public void close() {
        lock.close();
    }

    public Path dir() {
        return dir;
    }

    public Path path(String name) {
        return new Path(dir, name);
    }

    public HadoopFiles files() {
        return files;
    }

    public synchronized void markRunning(String command) {
        outcome = null;
        writeStatus("running", command, null);
    }

    /** Records success, unless an outcome was recorded already (e.g. by a shutdown hook that found the run failing). */
    public synchronized void markComplete(String command) {
        if (outcome == null) {
            outcome = "complete";
            writeStatus(outcome, command, null);
        }
    }

    public void markFailed(String command, Throwable error) {
        markFailed(command, error.getMessage() == null ? error.toString() : error.getMessage());
    }

    /** Records failure, unless an outcome was recorded already: the first failure recorded is the cause. */
    public synchronized void markFailed(String command, String error) {
        if (outcome == null) {
            outcome = "failed";
            writeStatus(outcome, command, error);
        }
    }

    /**
     * Records failure because the process is exiting before the run ended. This replaces a failure
     * the work recorded meanwhile (e.g. "SparkContext was shut down"), which is a consequence of the
     * exit, not its cause; a completed run stays complete.
     *
     * @return false when the run had completed
     */
    public synchronized boolean markExitedEarly(String command, String reason) {
        if ("complete".equals(outcome)) {
            return false;
        }
        outcome = "failed";
        writeStatus(outcome, command, reason);
        return true;
    }

    /** Adds the full stack trace of {@code error} to {@code error.log}; the console shows it as one line. */
    public Path logError(Throwable error) {
        StringWriter trace = new StringWriter();
        try (PrintWriter out = new PrintWriter(trace)) {
            error.printStackTrace(out);
        }
        return logError(trace.toString());
    }

    /**
     * Adds a timestamped entry to {@code error.log}, after those of earlier attempts of the run (a
     * resumed run keeps them).
     */
    public synchronized Path logError(String entry) {
        Path log = path(ERROR_LOG);
        try {
            String earlier = files.exists(log) ? files.readString(log) : "";
            files.writeString(log, earlier + Instant.now() + "\n" + entry + (entry.endsWith("\n") ? "" : "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
        return log;
    }

    public String state() throws IOException {
        return JSON.readTree(files.readString(path(STATUS))).path("state").asText();
    }

    private void writeStatus(String state, String command, String error) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("state", state);
        status.put("command", command);
        status.put("time", Instant.now().toString());
        if (error != null) {
            status.put("error", error);
        }
        writeJson(STATUS, status);
    }

    public void writeJson(String name, Object value) {
        try {
            writeText(name, JSON.writeValueAsString(value) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + name + " as JSON", e);
        }
    }

    public void writeText(String name, String text) {
        try {
            files.writeString(path(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path(name), e);
        }
    }

    public void writeBytes(String name, byte[] bytes) {
        try {
            files.writeBytes(path(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path(name), e);
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
