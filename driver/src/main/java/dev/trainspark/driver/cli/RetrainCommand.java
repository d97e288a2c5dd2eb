package dev.trainspark.driver.cli;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.registry.ModelRegistry;
import dev.trainspark.driver.registry.RegistryBusyException;
import dev.trainspark.driver.registry.RegistryLease;
import dev.trainspark.driver.registry.RetrainJob;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.DatasetSource;
import dev.trainspark.pipeline.io.HadoopFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Train a challenger on the current data, compare it with the registry's champion on the frozen evaluation "
                + "split, promote it only when it is better, register it either way. Exit 4 while another retrain holds the registry.")
public final class RetrainCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Override
    public Integer call() throws Exception {
        HadoopFiles files = RunOptions.localFiles();
        TrainsparkConfig config = options.load(files);
        ModelRegistry registry = ModelRegistry.open(files, config.registry());
        DatasetSource.requireExists(files, config.data());
        // The lease comes first: a retrain refused for it writes nothing, not even its run folder.
        RegistryLease lease;
        try {
            lease = RegistryLease.acquire(registry, "retrain", System.err);
        } catch (RegistryBusyException e) {
            System.err.println("error: " + e.getMessage());
            return ExitCodes.BUSY;
        }
        try (lease) {
            RunDirectory run = options.newRun(files, config, "retrain");
            RunLifecycle.executeWithSpark(run, "retrain", config.spark(),
                    spark -> new RetrainJob(spark, config, run, registry, lease, System.out).run());
        }
        return ExitCodes.DONE;
    }
}
