package dev.trainspark.driver.run;

import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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

    /** A lock file as found: its owner (empty while the owner is still writing it) and why it is stale, if it is. */
    record Found(Optional<LockOwner> owner, Optional<String> staleBecause) {
        String describeOwner() {
            return owner.map(LockOwner::describe).orElse("owner not recorded yet");
        }
    }

    private final OwnerFile held;

    private RunLock(OwnerFile held) {
        this.held = held;
    }

    /**
     * Takes the lock of {@code dir}.
     *
     * @param takeOverStale whether a stale lock is replaced (with a warning on {@code warnings}) rather than refused
     * @throws BadParameterException when another process holds it (exit code 2), naming the holder
     */
    public static RunLock acquire(HadoopFiles files, Path dir, String out, boolean takeOverStale, PrintStream warnings) {
        Path file = new Path(dir, FILE);
        LockOwner me = LockOwner.current();
        try {
            // Two tries: the lock may be released, or found stale and removed, between the two.
            for (int attempt = 0; attempt < 2; attempt++) {
                Optional<OwnerFile> created = OwnerFile.create(files, file, me, Map.of(), HEARTBEAT,
                        "run-lock-heartbeat " + file.getParent().getName());
                if (created.isPresent()) {
                    return new RunLock(created.get());
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
    public static Optional<LockOwner> liveOwner(HadoopFiles files, Path dir) {
        try {
            return inspect(files, new Path(dir, FILE)).filter(f -> f.staleBecause().isEmpty()).flatMap(Found::owner);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Found> inspect(HadoopFiles files, Path file) throws IOException {
        return OwnerFile.read(files, file).map(seen -> {
            Optional<LockOwner> owner = seen.owner();
            Duration silence = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - seen.renewed().toEpochMilli()));
            if (silence.compareTo(STALE) > 0) {
                return new Found(owner, Optional.of("no heartbeat for " + silence.toSeconds() + " s"));
            }
            return new Found(owner, owner.flatMap(LockOwner::goneFromThisHost));
        });
    }

    /** Stops the heartbeat and removes the lock file, unless another process has taken the run over since. */
    @Override
    public void close() {
        held.close();
    }

    public LockOwner owner() {
        return held.owner();
    }
}
