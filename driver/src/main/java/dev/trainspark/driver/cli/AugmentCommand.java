package dev.trainspark.driver.cli;

import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.driver.train.AugmentPreviewJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "augment", mixinStandardHelpOptions = true,
        description = "Write <out>/preview.png: training images of the config, one per row, each beside augmented versions "
                + "made by the config's augment section (and a mixed row when augment.mix is set), to look at before training.")
public final class AugmentCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Option(names = "--rows", defaultValue = "8", description = "originals, one per row (default ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--per-row", defaultValue = "8", description = "augmented versions beside each original (default ${DEFAULT-VALUE})")
    int perRow;

    @Override
    public Integer call() throws Exception {
        if (rows < 1 || rows > 1000) {
            throw new BadParameterException("--rows is " + rows + "; accepted: an integer from 1 to 1000");
        }
        if (perRow < 1 || perRow > 100) {
            throw new BadParameterException("--per-row is " + perRow + "; accepted: an integer from 1 to 100");
        }
        return options.runOnData("augment", (spark, config, run) -> new AugmentPreviewJob(spark, config, run, System.out).run(rows, perRow));
    }
}
