package dev.trainspark.driver.cli;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.model.HadoopModelFolder;
import dev.trainspark.driver.registry.RegistryReference;
import dev.trainspark.models.SavedModel;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.ScoringJob;
import dev.trainspark.pipeline.io.HadoopFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code predict} and {@code evaluate}: a saved model applied to every image of a dataset. */
final class ScoreCommands {
    private ScoreCommands() {
    }

    static int score(RunOptions options, String modelLocation, String command, boolean withMetrics) throws Exception {
        HadoopFiles files = RunOptions.localFiles();
        String folder = RegistryReference.isReference(modelLocation)
                ? RegistryReference.parse(modelLocation).resolve(files, options.load(files).registry().path()).toString()
                : modelLocation;
        SavedModel model = HadoopModelFolder.read(files, folder);
        // Images are brought to the size and channels the model was trained on.
        TrainsparkConfig config = options.load(files, List.of(
                "data.image.height=" + model.spec().height(),
                "data.image.width=" + model.spec().width(),
                "data.image.channels=" + model.spec().channels()));
        RunDirectory run = options.newRun(files, config, command);
        RunLifecycle.executeWithSpark(run, command, config.spark(),
                spark -> new ScoringJob(spark, config, run, System.out).run(model, folder.equals(modelLocation) ? folder : modelLocation + " (" + folder + ")", withMetrics));
        return ExitCodes.DONE;
    }

    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = "Score every image of --data with a saved model; writes predictions.csv (id,path,label,predicted,p_<class>...).")
    static final class Predict implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--model", required = true, paramLabel = "DIR", description = "a run folder or its model/ folder, or registry:<name>@champion (or @challenger, @previous, @<version>) "
                + "in the registry of registry.path")
        String model;

        @Override
        public Integer call() throws Exception {
            return score(options, model, "predict", false);
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Score every image of --data with a saved model; writes predictions.csv, metrics.json and report.html.")
    static final class Evaluate implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--model", required = true, paramLabel = "DIR", description = "a run folder or its model/ folder, or registry:<name>@champion (or @challenger, @previous, @<version>) "
                + "in the registry of registry.path")
        String model;

        @Override
        public Integer call() throws Exception {
            return score(options, model, "evaluate", true);
        }
    }
}
