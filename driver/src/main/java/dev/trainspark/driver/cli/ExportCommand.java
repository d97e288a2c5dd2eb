package dev.trainspark.driver.cli;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.model.HadoopModelFolder;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.models.InferenceExport;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.SavedModel;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.io.HadoopFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code export}: an inference-only copy of a saved model, for {@code predict} and {@code evaluate}; no Spark. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write an inference-only copy of a saved model to <out>/model: every batch normalization folded into "
                + "the convolution or dense layer before it; same predictions, fewer layers.")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "a run folder or its model/ folder")
    String model;

    @Override
    public Integer call() throws Exception {
        HadoopFiles files = RunOptions.localFiles();
        SavedModel trained = HadoopModelFolder.read(files, model);
        if (trained.spec().inferenceOnly()) {
            throw new BadParameterException("--model " + model + " is inference-only already (an export); accepted: a "
                    + "trained model's folder");
        }
        TrainsparkConfig config = options.load(files);
        RunDirectory run = options.newRunWithoutData(files, config, "export");
        RunLifecycle.execute(run, "export", () -> {
            SavedModel folded = InferenceExport.of(trained, files.qualify(model).toString(), Instant.now());
            folded.write(HadoopModelFolder.of(run, ""));
            System.out.printf(Locale.ROOT, "export: %s, batch normalization folded: %d -> %d layers, %,d -> %,d parameters; "
                            + "inference-only model in %s%n", trained.spec().architecture().configName(),
                    layers(trained.spec()), layers(folded.spec()), trained.members().get(0).params().length,
                    folded.members().get(0).params().length, run.path(RunDirectory.MODEL));
        });
        return ExitCodes.DONE;
    }

    private static int layers(NetworkSpec spec) {
        return Networks.build(spec).layerCount();
    }
}
