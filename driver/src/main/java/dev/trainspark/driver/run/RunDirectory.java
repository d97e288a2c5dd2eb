package dev.trainspark.driver.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trainspark.driver.config.ConfigException;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run's folder. {@code status.json} says whether the run is running, complete or failed, so a
 * folder left by a stopped or failed run is never mistaken for a finished one.
 */
public final class RunDirectory {
    public static final String STATUS = "status.json";
    public static final String CONFIG = "config.yaml";
    public static final String METRICS = "metrics.json";
    public static final String EVENTS = "events.jsonl";
    public static final String REPORT = "report.html";
    public static final String MODEL = "model";
    public static final String CHECKPOINTS = "checkpoints";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HadoopFiles files;
    private final Path dir;

    private RunDirectory(HadoopFiles files, Path dir) {
        this.files = files;
        this.dir = dir;
    }

    /** A new run folder; refuses one that already holds files, which would mix two runs. */
    public static RunDirectory create(HadoopFiles files, String out) {
        Path dir = files.qualify(out);
        try {
            if (files.exists(dir)) {
                FileStatus[] children = files.fs(dir).listStatus(dir);
                if (!files.isDirectory(dir) || children.length > 0) {
                    throw new ConfigException("--out " + HadoopFiles.named(out, dir) + " already exists and is not empty; accepted: a new folder, "
                            + "or the same folder with --resume to continue the run in it");
                }
            }
            files.mkdirs(dir);
        } catch (IOException e) {
            throw new ConfigException("--out " + HadoopFiles.named(out, dir) + " cannot be created (" + e.getMessage()
                    + "); accepted: a folder that can be created and written", e);
        }
        return new RunDirectory(files, dir);
    }

    /** The folder of an earlier run, to resume it. */
    public static RunDirectory existing(HadoopFiles files, String out) {
        Path dir = files.qualify(out);
        if (!files.exists(new Path(dir, CONFIG))) {
            throw new ConfigException("--resume needs --out to name an earlier run folder; " + HadoopFiles.named(out, dir)
                    + " holds no " + CONFIG);
        }
        return new RunDirectory(files, dir);
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

    public void markRunning(String command) {
        writeStatus("running", command, null);
    }

    public void markComplete(String command) {
        writeStatus("complete", command, null);
    }

    public void markFailed(String command, Throwable error) {
        writeStatus("failed", command, error.getMessage() == null ? error.toString() : error.getMessage());
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
