package dev.trainspark.driver.cli;

import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.driver.config.ConfigLoader;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.OverfitJob;
import dev.trainspark.driver.train.TrainJob;
import dev.trainspark.driver.train.TrainingFailedException;
import dev.trainspark.pipeline.io.HadoopFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Ingest (if needed), split, shard and train with parameter averaging; evaluate; write model, metrics and report.")
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Option(names = "--resume", description = "continue the run in --out from its last checkpoint")
    boolean resume;

    @Option(names = "--overfit", paramLabel = "N", description = "sanity check: fit N training images per class (no "
            + "rebalancing, augmentation or selection) and report whether the training loss nears zero; exit 1 when it does not")
    Integer overfit;

    @Override
    public Integer call() throws Exception {
        HadoopFiles files = RunOptions.localFiles();
        RunDirectory run;
        TrainsparkConfig config;
        if (overfit != null && (resume || overfit < 1)) {
            throw new BadParameterException(resume ? "--overfit cannot be combined with --resume; accepted: a new run folder"
                    : "--overfit is " + overfit + "; accepted: an integer >= 1 (training images per class)");
        }
        if (resume) {
            if (options.out == null) {
                throw new BadParameterException("--resume needs --out DIR, the folder of the run to continue");
            }
            run = RunDirectory.existing(files, options.out, System.err);
            try {
                config = options.loadResumed(files, run.path(RunDirectory.CONFIG));
                // The overrides of this invocation (e.g. more epochs) become part of the run's config.
                run.writeText(RunDirectory.CONFIG, ConfigLoader.toYaml(config));
            } catch (RuntimeException e) {
                run.close();
                throw e;
            }
        } else {
            // The weight penalty is part of the loss and keeps it off zero however well the images are
            // memorised; the check turns it off unless --set asks for it.
            config = overfit != null ? options.load(files, List.of("model.l2=0")) : options.load(files);
            run = options.newRun(files, config, "train");
        }
        if (overfit != null) {
            RunLifecycle.executeWithSpark(run, "train", config.spark(), spark -> {
                OverfitJob.Verdict verdict = new OverfitJob(spark, config, run, System.out, overfit).run();
                if (!verdict.passed()) {
                    // The run did not do what it was for: failed, with the verdict as its reason.
                    throw new TrainingFailedException(verdict.reason());
                }
            });
            return ExitCodes.DONE;
        }
        RunLifecycle.executeWithSpark(run, "train", config.spark(),
                spark -> new TrainJob(spark, config, run, System.out).run());
        return ExitCodes.DONE;
    }
}
