package dev.trainspark.driver.cli;

import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.driver.config.ConfigLoader;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.TrainJob;
import dev.trainspark.pipeline.io.HadoopFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Ingest (if needed), split, shard and train with parameter averaging; evaluate; write model, metrics and report.")
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Option(names = "--resume", description = "continue the run in --out from its last checkpoint")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        HadoopFiles files = RunOptions.localFiles();
        RunDirectory run;
        TrainsparkConfig config;
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
            config = options.load(files);
            run = options.newRun(files, config, "train");
        }
        RunLifecycle.executeWithSpark(run, "train", config.spark(),
                spark -> new TrainJob(spark, config, run, System.out).run());
        return ExitCodes.DONE;
    }
}
