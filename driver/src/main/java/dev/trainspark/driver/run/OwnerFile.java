package dev.trainspark.driver.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.ipc.RemoteException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A file naming the one process that holds something (a run folder, a registry model). It is created
 * atomically where the file system allows (the local file system, HDFS); while held, a daemon thread
 * renews its modification time, so others can tell a live holder from one that died without
 * releasing; on release the holder removes it, unless another process has taken it over since.
 * When a holder counts as gone is the caller's rule.
 */
public final class OwnerFile implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An owner file as found: when it was last renewed, and its fields (missing while its creator is still writing it). */
    public record Snapshot(Instant renewed, JsonNode fields) {
        public Optional<LockOwner> owner() {
            return LockOwner.from(fields);
        }
    }

    private final HadoopFiles files;
    private final Path file;
    private final LockOwner owner;
    private final ScheduledExecutorService heartbeat;

    private OwnerFile(HadoopFiles files, Path file, LockOwner owner, Duration renewEvery, String threadName) {
        this.files = files;
        this.file = file;
        this.owner = owner;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::renew, renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Creates {@code file} naming {@code owner}, after {@code labels} (what the holder is doing, for
     * whoever reads the file), and renews it every {@code renewEvery} from then on.
     *
     * @return empty when the file exists, or is still being created by another process
     */
    public static Optional<OwnerFile> create(HadoopFiles files, Path file, LockOwner owner, Map<String, Object> labels,
                                             Duration renewEvery, String threadName) throws IOException {
        Map<String, Object> content = new LinkedHashMap<>(labels);
        content.putAll(owner.fields());
        if (!createNew(files, file, JSON.writeValueAsBytes(content))) {
            return Optional.empty();
        }
        return Optional.of(new OwnerFile(files, file, owner, renewEvery, threadName));
    }

    /** {@link HadoopFiles#createNew}, where HDFS refusing a file still being written by its creator means it exists. */
    private static boolean createNew(HadoopFiles files, Path file, byte[] bytes) throws IOException {
        try {
            return files.createNew(file, bytes);
        } catch (RemoteException e) {
            if (e.getClassName().endsWith("AlreadyBeingCreatedException")) {
                return false;
            }
            throw e;
        }
    }

    /** {@code file} as it is now; empty when there is none. */
    public static Optional<Snapshot> read(HadoopFiles files, Path file) throws IOException {
        try {
            FileStatus status = files.fs(file).getFileStatus(file);
            return Optional.of(new Snapshot(Instant.ofEpochMilli(status.getModificationTime()), fields(files.readBytes(file))));
        } catch (FileNotFoundException gone) {
            return Optional.empty();
        }
    }

    private static JsonNode fields(byte[] content) {
        try {
            JsonNode fields = JSON.readTree(content);
            return fields == null ? MissingNode.getInstance() : fields;
        } catch (IOException e) {
            // Half written by its creator: the owner is not known yet.
            return MissingNode.getInstance();
        }
    }

    public LockOwner owner() {
        return owner;
    }

    private void renew() {
        try {
            files.fs(file).setTimes(file, System.currentTimeMillis(), -1);
        } catch (UnsupportedOperationException noTimes) {
            // Object stores keep no settable times; rewriting the object renews it there.
            try {
                byte[] same = files.readBytes(file);
                try (FSDataOutputStream out = files.create(file)) {
                    out.write(same);
                }
            } catch (IOException | RuntimeException e) {
                // The next heartbeat may succeed; a missed one only matters once the caller's staleness limit has passed.
            }
        } catch (IOException | RuntimeException e) {
            // The next heartbeat may succeed; a missed one only matters once the caller's staleness limit has passed.
        }
    }

    /** Stops renewing and removes the file, unless another process has taken it over since. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            if (files.exists(file) && LockOwner.from(fields(files.readBytes(file))).map(o -> o.token().equals(owner.token())).orElse(false)) {
                files.delete(file);
            }
        } catch (IOException | RuntimeException e) {
            // A file left behind is found stale once this process has ended, or once its heartbeat is old.
        }
    }
}
