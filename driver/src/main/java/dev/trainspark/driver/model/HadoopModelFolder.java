package dev.trainspark.driver.model;

import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.models.ModelFolder;
import dev.trainspark.models.SavedModel;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/** A model folder on any Hadoop file system: a run's {@code model/}, or one named on the command line. */
public record HadoopModelFolder(HadoopFiles files, Path dir) implements ModelFolder {

    /** The {@code prefix + model/} folder of a run (a prefix such as {@code folds/fold-01/}). */
    public static HadoopModelFolder of(RunDirectory run, String prefix) {
        return new HadoopModelFolder(run.files(), run.path(prefix + RunDirectory.MODEL));
    }

    /**
     * Reads a model folder ({@code .../model}) or a run folder that holds one.
     *
     * @throws BadDataException naming the folder and what a model folder holds, when it is not one
     */
    public static SavedModel read(HadoopFiles files, String location) throws IOException {
        Path dir = files.qualify(location);
        if (!files.exists(new Path(dir, SavedModel.SPEC)) && files.exists(new Path(new Path(dir, RunDirectory.MODEL), SavedModel.SPEC))) {
            dir = new Path(dir, RunDirectory.MODEL);
        }
        if (!files.exists(new Path(dir, SavedModel.SPEC)) || !files.exists(new Path(dir, SavedModel.CLASSES))) {
            throw new BadDataException(HadoopFiles.named(location, dir) + " is not a model folder; accepted: a run folder or its "
                    + "model/ folder, holding spec.json, classes.json and network.zip (or members/ and ensemble.json)");
        }
        return SavedModel.read(new HadoopModelFolder(files, dir));
    }

    @Override
    public void write(String name, byte[] bytes) throws IOException {
        files.writeBytes(new Path(dir, name), bytes);
    }

    @Override
    public byte[] read(String name) throws IOException {
        Path file = new Path(dir, name);
        if (!files.exists(file)) {
            throw new BadDataException("model file " + file + " is missing; the model folder is incomplete");
        }
        return files.readBytes(file);
    }

    @Override
    public boolean exists(String name) {
        return files.exists(new Path(dir, name));
    }
}
