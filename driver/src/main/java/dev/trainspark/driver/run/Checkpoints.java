package dev.trainspark.driver.run;

import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * Epoch checkpoints under {@code checkpoints/epoch-NNNN/}. Each is assembled in a hidden folder and
 * renamed into place, so a checkpoint folder that exists is complete.
 */
public final class Checkpoints {
    private static final String STATE = "state.bin";

    private final HadoopFiles files;
    private final Path dir;

    public Checkpoints(RunDirectory run) {
        this(run, RunDirectory.CHECKPOINTS);
    }

    /** Checkpoints in a sub-folder of the run, e.g. {@code checkpoints/member-02} for one model of an ensemble. */
    public Checkpoints(RunDirectory run, String relativeDir) {
        this.files = run.files();
        this.dir = run.path(relativeDir);
    }

    public Path write(Checkpoint checkpoint, String resolvedConfigYaml) throws IOException {
        String name = String.format("epoch-%04d", checkpoint.epochsDone());
        Path tmp = new Path(dir, "." + name + ".tmp");
        files.delete(tmp);
        files.writeBytes(new Path(tmp, STATE), checkpoint.toBytes());
        files.writeString(new Path(tmp, RunDirectory.CONFIG), resolvedConfigYaml);
        Path target = new Path(dir, name);
        files.moveIntoPlace(tmp, target);
        return target;
    }

    public Optional<Checkpoint> latest() throws IOException {
        if (!files.exists(dir)) {
            return Optional.empty();
        }
        Optional<FileStatus> newest = Arrays.stream(files.fs(dir).listStatus(dir))
                .filter(s -> s.isDirectory() && s.getPath().getName().matches("epoch-\\d+"))
                .max(Comparator.comparing(s -> s.getPath().getName()));
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Path state = new Path(newest.get().getPath(), STATE);
        return Optional.of(Checkpoint.fromBytes(files.readBytes(state), state.toString()));
    }
}
