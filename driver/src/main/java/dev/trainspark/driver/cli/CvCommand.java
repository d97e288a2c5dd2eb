package dev.trainspark.driver.cli;

import dev.trainspark.driver.train.CvJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "cv", mixinStandardHelpOptions = true,
        description = "Cross-validate: one model per split of the cv section (rebalancing inside training folds only); "
                + "metrics per fold, mean and standard deviation, out-of-fold predictions.")
public final class CvCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Option(names = "--dry-run", description = "only show the splits: per-split per-class train and test counts, and "
            + "folds.csv with the test split(s) of every row id; nothing is trained")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        return options.runOnData("cv", (spark, config, run) -> {
            CvJob job = new CvJob(spark, config, run, System.out);
            if (dryRun) {
                job.dryRun();
            } else {
                job.run();
            }
        });
    }
}
