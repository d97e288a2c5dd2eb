package dev.trainspark.driver.cli;

import dev.trainspark.driver.config.ConfigLoader;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.CvJob;
import dev.trainspark.pipeline.io.HadoopFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "cv", mixinStandardHelpOptions = true,
        description = "Cross-validate: one model per split of the cv section (rebalancing inside training folds only); "
                + "metrics per fold, mean and standard deviation, out-of-fold predictions.")
public final class CvCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Override
    public Integer call() throws Exception {
        HadoopFiles files = RunOptions.localFiles();
        TrainsparkConfig config = options.load(files);
        RunDirectory run = options.newRun(files, config, "cv");
        String yaml = ConfigLoader.toYaml(config);
        RunLifecycle.executeWithSpark(run, "cv", config.spark(),
                spark -> new CvJob(spark, config, yaml, run, System.out).run());
        return ExitCodes.DONE;
    }
}
