package dev.trainspark.driver.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Epoch checkpoints under {@code checkpoints/epoch-NNNN/}: {@code state.bin}, the config, and
 * {@code checkpoint.json}, a manifest with the length and SHA-256 of {@code state.bin} and the
 * epoch's test figures (and validation figures under early stopping). Each is assembled in a hidden
 * folder and renamed into place, so a checkpoint folder that exists is complete; the manifest tells
 * whether it was damaged since.
 */
public final class Checkpoints {
    public static final String STATE = "state.bin";
    public static final String MANIFEST = "checkpoint.json";
    private static final String FOLDER = "epoch-\\d+";

    /**
     * The figures of the epoch a checkpoint ends, kept in its manifest: the test figures, which choose
     * the checkpoint pruning keeps, and under early stopping the validation figures.
     *
     * @param validation the validation figures by name; empty without early stopping
     */
    public record Score(double accuracy, double balancedAccuracy, Map<String, Double> validation) {
        public Score {
            validation = Map.copyOf(validation);
        }

        public Score(double accuracy, double balancedAccuracy) {
            this(accuracy, balancedAccuracy, Map.of());
        }
    }

    private final HadoopFiles files;
    private final Path dir;

    /** Checkpoints in a folder of the run, e.g. {@code checkpoints}, or {@code checkpoints/member-02} for one model of an ensemble. */
    public Checkpoints(RunDirectory run, String relativeDir) {
        this.files = run.files();
        this.dir = run.path(relativeDir);
    }

    public Path write(Checkpoint checkpoint, Score score, String resolvedConfigYaml) throws IOException {
        String name = folderName(checkpoint.epochsDone());
        Path tmp = new Path(dir, "." + name + ".tmp");
        files.delete(tmp);
        byte[] state = checkpoint.toBytes();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("epoch", checkpoint.epochsDone());
        manifest.put("state_bytes", state.length);
        manifest.put("state_sha256", sha256(state));
        manifest.put("accuracy", score.accuracy());
        manifest.put("balanced_accuracy", score.balancedAccuracy());
        if (!score.validation().isEmpty()) {
            manifest.put("validation", new TreeMap<>(score.validation()));
        }
        files.writeBytes(new Path(tmp, STATE), state);
        files.writeString(new Path(tmp, RunDirectory.CONFIG), resolvedConfigYaml);
        files.writeString(new Path(tmp, MANIFEST), RunDirectory.json().writeValueAsString(manifest) + "\n");
        Path target = new Path(dir, name);
        files.moveIntoPlace(tmp, target);
        return target;
    }

    /**
     * The newest intact checkpoint. A damaged newer one (its state not what its manifest records) is
     * passed over with a warning naming the damaged file.
     *
     * @throws BadDataException when there are checkpoints but none is intact: the run cannot be resumed
     */
    public Optional<Checkpoint> latest(Consumer<String> warnings) throws IOException {
        List<Path> folders = newestFirst();
        List<String> damaged = new ArrayList<>();
        for (Path folder : folders) {
            try {
                return Optional.of(read(folder));
            } catch (DamagedCheckpoint e) {
                damaged.add(e.getMessage());
                warnings.accept("warning: checkpoint " + e.getMessage() + "; trying the one before it");
            }
        }
        if (damaged.isEmpty()) {
            return Optional.empty();
        }
        throw new BadDataException("--resume: no intact checkpoint in " + dir + " (" + damaged.size() + " damaged, newest: "
                + damaged.get(0) + "); accepted: a run folder with at least one intact checkpoint, or a new run without --resume");
    }

    /**
     * Deletes all but the newest {@code keep} checkpoints and the one with the best test balanced
     * accuracy (the newest of equals).
     */
    public void prune(int keep) throws IOException {
        List<Path> folders = newestFirst();
        Path best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Path folder : folders) {
            double score = balancedAccuracy(folder);
            if (score > bestScore) {
                best = folder;
                bestScore = score;
            }
        }
        deleteAllBut(folders, keep, best);
    }

    /**
     * Deletes all but the newest {@code keep} checkpoints and the one of epoch {@code keptEpoch}, the
     * epoch early stopping chose on the validation rows; the test figures choose nothing here.
     */
    public void prune(int keep, int keptEpoch) throws IOException {
        deleteAllBut(newestFirst(), keep, new Path(dir, folderName(keptEpoch)));
    }

    private void deleteAllBut(List<Path> newestFirst, int keep, Path kept) throws IOException {
        for (int i = keep; i < newestFirst.size(); i++) {
            if (!newestFirst.get(i).equals(kept)) {
                files.delete(newestFirst.get(i));
            }
        }
    }

    /**
     * The checkpoint of one epoch, e.g. the best one early stopping kept.
     *
     * @throws BadDataException when it is missing or damaged
     */
    public Checkpoint ofEpoch(int epochsDone) throws IOException {
        Path folder = new Path(dir, folderName(epochsDone));
        if (!files.exists(folder)) {
            throw new BadDataException("the checkpoint of epoch " + epochsDone + " is missing: " + folder
                    + "; accepted: a run folder that still holds it");
        }
        try {
            return read(folder);
        } catch (DamagedCheckpoint e) {
            throw new BadDataException("checkpoint " + e.getMessage() + "; accepted: an intact checkpoint of epoch "
                    + epochsDone);
        }
    }

    private static String folderName(int epochsDone) {
        return String.format("epoch-%04d", epochsDone);
    }

    private List<Path> newestFirst() throws IOException {
        if (!files.exists(dir)) {
            return List.of();
        }
        return Arrays.stream(files.fs(dir).listStatus(dir))
                .filter(s -> s.isDirectory() && s.getPath().getName().matches(FOLDER))
                .map(FileStatus::getPath)
                .sorted(Comparator.comparing(Path::getName).reversed())
                .toList();
    }

    private double balancedAccuracy(Path folder) {
        try {
            JsonNode score = RunDirectory.json().readTree(files.readBytes(new Path(folder, MANIFEST))).path("balanced_accuracy");
            return score.isNumber() ? score.asDouble() : Double.NEGATIVE_INFINITY;
        } catch (IOException e) {
            return Double.NEGATIVE_INFINITY;
        }
    }

    private Checkpoint read(Path folder) throws DamagedCheckpoint {
        Path manifestFile = new Path(folder, MANIFEST);
        Path stateFile = new Path(folder, STATE);
        JsonNode manifest;
        try {
            manifest = RunDirectory.json().readTree(files.readBytes(manifestFile));
        } catch (IOException e) {
            throw new DamagedCheckpoint(manifestFile + " cannot be read (" + e.getMessage() + ")");
        }
        if (manifest == null || !manifest.path("state_bytes").canConvertToLong() || !manifest.path("state_sha256").isTextual()) {
            throw new DamagedCheckpoint(manifestFile + " is not a checkpoint manifest");
        }
        byte[] state;
        try {
            state = files.readBytes(stateFile);
        } catch (IOException e) {
            throw new DamagedCheckpoint(stateFile + " cannot be read (" + e.getMessage() + ")");
        }
        if (state.length != manifest.path("state_bytes").asLong()) {
            throw new DamagedCheckpoint(stateFile + " is damaged: " + state.length + " bytes, its manifest records "
                    + manifest.path("state_bytes").asLong());
        }
        if (!sha256(state).equals(manifest.path("state_sha256").asText())) {
            throw new DamagedCheckpoint(stateFile + " is damaged: its SHA-256 differs from the one its manifest records");
        }
        try {
            Checkpoint checkpoint = Checkpoint.fromBytes(state, stateFile.toString());
            if (!folder.getName().equals(folderName(checkpoint.epochsDone()))) {
                throw new DamagedCheckpoint(stateFile + " holds epoch " + checkpoint.epochsDone() + ", not the folder's");
            }
            return checkpoint;
        } catch (IOException e) {
            throw new DamagedCheckpoint(stateFile + " cannot be parsed (" + e.getMessage() + ")");
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Why one checkpoint cannot be used; the message names the file at fault. */
    private static final class DamagedCheckpoint extends Exception {
        DamagedCheckpoint(String message) {
            super(message);
        }
    }
}
