package dev.trainspark.driver.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
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
 * {@code <run>/.lock}: one process writes a run folder at a time. The file is created atomically
 * and names its owner; a daemon thread refreshes its modification time every few seconds, so a lock
 * whose owner died (a killed process, a lost node) is recognised as stale: by the owner's process
 * being gone when it ran on this host, or by a heartbeat older than {@link #STALE}.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = ".lock";
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    static final Duration STALE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who holds a lock; {@code token} tells two holders in one process apart. */
    public record Owner(String host, long pid, String processStart, String since, String token) {
        static Owner current() {
            ProcessHandle self = ProcessHandle.current();
            return new Owner(localHost(), self.pid(), self.info().startInstant().map(Instant::toString).orElse(""),
                    Instant.now().toString(), UUID.randomUUID().toString());
        }

        byte[] toJson() throws IOException {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("host", host);
            fields.put("pid", pid);
            fields.put("process_start", processStart);
            fields.put("since", since);
            fields.put("token", token);
            return JSON.writeValueAsBytes(fields);
        }

        static Optional<Owner> parse(byte[] json) {
            try {
                JsonNode n = JSON.readTree(json);
                if (n == null || !n.path("pid").canConvertToLong()) {
                    return Optional.empty();
                }
                return Optional.of(new Owner(n.path("host").asText(), n.path("pid").asLong(), n.path("process_start").asText(),
                        n.path("since").asText(), n.path("token").asText()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        /** "host h, pid p, since t", for messages. */
        public String describe() {
            return "host " + host + ", pid " + pid + ", since " + since;
        }
    }

    /** A lock file as found: its owner (empty while the owner is still writing it) and why it is stale, if it is. */
    record Found(Optional<Owner> owner, Optional<String> staleBecause) {
        String describeOwner() {
            return owner.map(Owner::describe).orElse("owner not recorded yet");
        }
    }

    private final HadoopFiles files;
    private final Path file;
    private final Owner owner;
    private final ScheduledExecutorService heartbeat;

    private RunLock(HadoopFiles files, Path file, Owner owner) {
        this.files = files;
        this.file = file;
        this.owner = owner;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "run-lock-heartbeat " + file.getParent().getName());
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::touch, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lock of {@code dir}.
     *
     * @param takeOverStale whether a stale lock is replaced (with a warning on {@code warnings}) rather than refused
     * @throws BadParameterException when another process holds it (exit code 2), naming the holder
     */
    public static RunLock acquire(HadoopFiles files, Path dir, String out, boolean takeOverStale, PrintStream warnings) {
        Path file = new Path(dir, FILE);
        Owner me = Owner.current();
        try {
            byte[] mine = me.toJson();
            // Two tries: the lock may be released, or found stale and removed, between the two.
            for (int attempt = 0; attempt < 2; attempt++) {
                if (files.createNew(file, mine)) {
                    return new RunLock(files, file, me);
                }
                Optional<Found> found = inspect(files, file);
                if (found.isPresent() && !(takeOverStale && found.get().staleBecause().isPresent())) {
                    throw held(out, file, found.get(), takeOverStale);
                }
                if (found.isPresent()) {
                    warnings.printf("warning: --out '%s' was locked by a process that is gone (%s; %s); taking the run over%n",
                            out, found.get().describeOwner(), found.get().staleBecause().get());
                    files.delete(file);
                }
            }
            throw held(out, file, inspect(files, file).orElse(new Found(Optional.empty(), Optional.empty())), takeOverStale);
        } catch (IOException e) {
            throw new BadParameterException("--out '" + out + "': cannot create the lock file " + file + " (" + e.getMessage()
                    + "); accepted: a folder that can be written", e);
        }
    }

    private static BadParameterException held(String out, Path file, Found found, boolean resuming) {
        return new BadParameterException("--out '" + out + "' is in use by another trainspark process (" + found.describeOwner()
                + "; lock file " + file + "); accepted: another --out, or the same one "
                + (resuming ? "once that process has ended" : "with --resume once that process has ended"));
    }

    /** The owner of a live (not stale) lock on {@code dir}, if there is one. */
    public static Optional<Owner> liveOwner(HadoopFiles files, Path dir) {
        try {
            return inspect(files, new Path(dir, FILE)).filter(f -> f.staleBecause().isEmpty()).flatMap(Found::owner);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Found> inspect(HadoopFiles files, Path file) throws IOException {
        FileStatus status;
        byte[] content;
        try {
            status = files.fs(file).getFileStatus(file);
            content = files.readBytes(file);
        } catch (FileNotFoundException gone) {
            return Optional.empty();
        }
        Optional<Owner> owner = Owner.parse(content);
        Duration silence = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - status.getModificationTime()));
        if (silence.compareTo(STALE) > 0) {
            return Optional.of(new Found(owner, Optional.of("no heartbeat for " + silence.toSeconds() + " s")));
        }
        if (owner.isPresent() && owner.get().host().equals(localHost()) && !running(owner.get())) {
            return Optional.of(new Found(owner, Optional.of("process " + owner.get().pid() + " is not running")));
        }
        return Optional.of(new Found(owner, Optional.empty()));
    }

    /** Whether the owner's process still runs; a reused pid is told apart by its start time. */
    private static boolean running(Owner owner) {
        return ProcessHandle.of(owner.pid())
                .filter(ProcessHandle::isAlive)
                .filter(p -> owner.processStart().isEmpty()
                        || p.info().startInstant().map(t -> t.toString().equals(owner.processStart())).orElse(true))
                .isPresent();
    }

    private void touch() {
        try {
            files.fs(file).setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException | RuntimeException e) {
            // A missed heartbeat only matters after STALE has passed; the next one may succeed.
        }
    }

    /** Stops the heartbeat and removes the lock file, unless another process has taken the run over since. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            if (files.exists(file) && Owner.parse(files.readBytes(file)).map(o -> o.token().equals(owner.token())).orElse(false)) {
                files.delete(file);
            }
        } catch (IOException | RuntimeException e) {
            // A lock left behind is stale once this process has ended; --resume takes it over.
        }
    }

    public Owner owner() {
        return owner;
    }

    private static String localHost() {
        return Host.NAME;
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
