package dev.trainspark.driver.cli;

import dev.trainspark.driver.train.RebalanceJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "rebalance", mixinStandardHelpOptions = true,
        description = "Rebalance the training split as train would and write it out: images/<class>/*.png, manifest.csv "
                + "(id,label,kind,parent_a,parent_b,lambda,path) and a before/after count table.")
public final class RebalanceCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Override
    public Integer call() throws Exception {
        return options.runOnData("rebalance", (spark, config, run) -> new RebalanceJob(spark, config, run, System.out).run());
    }
}
