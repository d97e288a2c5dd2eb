package dev.trainspark.driver.registry;

import dev.trainspark.driver.run.LockOwner;
import dev.trainspark.driver.run.OwnerFile;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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

    private final OwnerFile held;
    private final String takeover;

    private RegistryLease(OwnerFile held, String takeover) {
        this.held = held;
        this.takeover = takeover;
    }

    /**
     * Takes the lease of {@code registry}'s model for {@code command}.
     *
     * @throws RegistryBusyException naming the holder, when a live lease is held by another process
     */
    public static RegistryLease acquire(ModelRegistry registry, String command, PrintStream warnings) {
        HadoopFiles files = registry.files();
        Path file = new Path(registry.dir(), FILE);
        LockOwner me = LockOwner.current();
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("command", command);
        labels.put("ttl_seconds", TTL.toSeconds());
        String takeover = null;
        try {
            files.mkdirs(registry.dir());
            // A stale lease is moved aside first, so of two processes taking it over only one succeeds.
            for (int attempt = 0; attempt < 3; attempt++) {
                Optional<OwnerFile> created = OwnerFile.create(files, file, me, labels, HEARTBEAT, "registry-lease-heartbeat");
                if (created.isPresent()) {
                    return new RegistryLease(created.get(), takeover);
                }
                Optional<Held> held = inspect(files, file);
                if (held.isEmpty()) {
                    continue;
                }
                if (held.get().staleBecause() == null) {
                    throw busy(registry, file, held.get());
                }
                Path aside = new Path(registry.dir(), "." + FILE + ".taken-" + me.token());
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

    private static RegistryBusyException busy(ModelRegistry registry, Path file, Held held) {
        return new RegistryBusyException("another retrain holds the lease of registry model '" + registry.name() + "': "
                + held.describe() + " (lease file " + file + "); accepted: run again once it has ended or its lease has "
                + "expired, or use another registry.name");
    }

    /** Why the lease had to be taken over from a process that is gone, or null when it was free. */
    public String takeover() {
        return takeover;
    }

    /** A lease file as found; {@code staleBecause} is null while its owner is alive. */
    private record Held(Optional<LockOwner> owner, String command, Instant expires, String staleBecause) {
        String describe() {
            String who = owner.map(o -> command + " on " + o.describe()).orElse("owner not recorded yet");
            return who + ", expires " + expires;
        }
    }

    private static Optional<Held> inspect(HadoopFiles files, Path file) throws IOException {
        return OwnerFile.read(files, file).map(seen -> {
            Optional<LockOwner> owner = seen.owner();
            String command = seen.fields().path("command").asText();
            Instant expires = seen.renewed().plus(TTL);
            if (Instant.now().isAfter(expires)) {
                return new Held(owner, command, expires, "expired at " + expires);
            }
            return new Held(owner, command, expires, owner.flatMap(LockOwner::goneFromThisHost).orElse(null));
        });
    }

    /** Stops renewing and removes the lease, unless another process has taken it over since. */
    @Override
    public void close() {
        held.close();
    }
}
