package dev.trainspark.driver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.ipc.RemoteException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code <name>/lease.json}: one process changes a model's registry at a time. The file is created
 * atomically (HDFS, the local file system) and names its owner; a daemon thread renews it every
 * {@link #HEARTBEAT} by touching it, and it expires {@link #TTL} after the last renewal. A lease
 * whose owner is gone (expired, or its process no longer running on this host) is taken over: it is
 * first renamed aside, which only one contender can do, and the takeover is reported.
 */
public final class RegistryLease implements AutoCloseable {
    public static final String FILE = "lease.json";
    static final Duration HEARTBEAT = Duration.ofSeconds(20);
    static final Duration TTL = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HadoopFiles files;
    private final Path file;
    private final String token;
    private final String takeover;
    private final ScheduledExecutorService heartbeat;

    private RegistryLease(HadoopFiles files, Path file, String token, String takeover) {
        this.files = files;
        this.file = file;
        this.token = token;
        this.takeover = takeover;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "registry-lease-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::renew, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease of {@code registry}'s model for {@code command}.
     *
     * @throws RegistryBusyException naming the holder, when a live lease is held by another process
     */
    public static RegistryLease acquire(ModelRegistry registry, String command, PrintStream warnings) {
        HadoopFiles files = registry.files();
        Path file = new Path(registry.dir(), FILE);
        String token = UUID.randomUUID().toString();
        String takeover = null;
        try {
            files.mkdirs(registry.dir());
            byte[] mine = ownerJson(command, token);
            // A stale lease is moved aside first, so of two processes taking it over only one succeeds.
            for (int attempt = 0; attempt < 3; attempt++) {
                if (created(files, file, mine)) {
                    return new RegistryLease(files, file, token, takeover);
                }
                Optional<Held> held = inspect(files, file);
                if (held.isEmpty()) {
                    continue;
                }
                if (held.get().staleBecause() == null) {
                    throw busy(registry, file, held.get());
                }
                Path aside = new Path(registry.dir(), "." + FILE + ".taken-" + token);
                if (files.fs(file).rename(file, aside)) {
                    files.delete(aside);
                    takeover = "took over the lease of " + held.get().describe() + " (" + held.get().staleBecause() + ")";
                    warnings.printf("warning: registry '%s': %s%n", registry.name(), takeover);
                }
            }
            throw busy(registry, file, inspect(files, file).orElseThrow(() -> new IOException("the lease changes hands too often")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the registry lease " + file, e);
        }
    }

    /** {@link HadoopFiles#createNew}, where HDFS refusing a file still being written by its creator means it exists. */
    private static boolean created(HadoopFiles files, Path file, byte[] bytes) throws IOException {
        try {
            return files.createNew(file, bytes);
        } catch (RemoteException e) {
            if (e.getClassName().endsWith("AlreadyBeingCreatedException")) {
                return false;
            }
            throw e;
        }
    }

    private static RegistryBusyException busy(ModelRegistry registry, Path file, Held held) {
        return new RegistryBusyException("another retrain holds the lease of registry model '" + registry.name() + "': "
                + held.describe() + " (lease file " + file + "); accepted: run again once it has ended or its lease has "
                + "expired, or use another registry.name");
    }

    /** Why the lease had to be taken over from a process that is gone, or null when it was free. */
    public String takeover() {
        return takeover;
    }

    private static byte[] ownerJson(String command, String token) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("command", command);
        owner.put("host", Host.NAME);
        owner.put("pid", self.pid());
        owner.put("process_start", self.info().startInstant().map(Instant::toString).orElse(""));
        owner.put("since", Instant.now().toString());
        owner.put("ttl_seconds", TTL.toSeconds());
        owner.put("token", token);
        return JSON.writeValueAsBytes(owner);
    }

    /** A lease file as found; {@code staleBecause} is null while its owner is alive. */
    private record Held(JsonNode owner, Instant expires, String staleBecause) {
        String describe() {
            String who = owner == null ? "owner not recorded yet"
                    : owner.path("command").asText() + " on host " + owner.path("host").asText() + ", pid "
                    + owner.path("pid").asText() + ", since " + owner.path("since").asText();
            return who + ", expires " + expires;
        }
    }

    private static Optional<Held> inspect(HadoopFiles files, Path file) throws IOException {
        FileStatus status;
        JsonNode owner;
        try {
            status = files.fs(file).getFileStatus(file);
            owner = parse(files.readBytes(file));
        } catch (FileNotFoundException gone) {
            return Optional.empty();
        }
        Instant expires = Instant.ofEpochMilli(status.getModificationTime()).plus(TTL);
        if (Instant.now().isAfter(expires)) {
            return Optional.of(new Held(owner, expires, "expired at " + expires));
        }
        if (owner != null && owner.path("host").asText().equals(Host.NAME) && !running(owner)) {
            return Optional.of(new Held(owner, expires, "process " + owner.path("pid").asText() + " is not running"));
        }
        return Optional.of(new Held(owner, expires, null));
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            return n != null && n.path("pid").canConvertToLong() ? n : null;
        } catch (IOException e) {
            // Half written by its creator: the owner is not known yet.
            return null;
        }
    }

    /** Whether the owner's process still runs; a reused pid is told apart by its start time. */
    private static boolean running(JsonNode owner) {
        String start = owner.path("process_start").asText();
        return ProcessHandle.of(owner.path("pid").asLong())
                .filter(ProcessHandle::isAlive)
                .filter(p -> start.isEmpty() || p.info().startInstant().map(t -> t.toString().equals(start)).orElse(true))
                .isPresent();
    }

    private boolean ours() throws IOException {
        JsonNode owner = parse(files.readBytes(file));
        return owner != null && owner.path("token").asText().equals(token);
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
                // The next heartbeat may succeed; the lease lasts TTL.
            }
        } catch (IOException | RuntimeException e) {
            // The next heartbeat may succeed; the lease lasts TTL.
        }
    }

    /** Stops renewing and removes the lease, unless another process has taken it over since. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            if (files.exists(file) && ours()) {
                files.delete(file);
            }
        } catch (IOException | RuntimeException e) {
            // A lease left behind expires, or is found stale once this process has ended.
        }
    }

    /** The host name, looked up once: the lookup may be slow where name resolution is. */
    private static final class Host {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return System.getenv().getOrDefault("HOSTNAME", "unknown");
            }
        }
    }
}
