package dev.trainspark.driver.cli;

import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.DatasetSource;
import dev.trainspark.pipeline.ingest.ImageIngest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Read image folders or a CSV manifest into the Parquet dataset (<out>/dataset) with an ingest report.")
public final class IngestCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Override
    public Integer call() throws Exception {
        return options.runOnData("ingest", (spark, config, run) -> {
            ImageIngest.Result result = new ImageIngest(spark).run(config.data().path(), config.data().image().shape(),
                    config.data().thumbnailSize(), config.data().maxPixels(), run.path(DatasetSource.DATASET));
            DatasetSource.writeReport(run, result.report(), System.out);
            run.writeJson(RunDirectory.METRICS, result.report().toJsonMap());
            System.out.printf("dataset: %s (use it as data.path or --data)%n", result.datasetDir());
        });
    }
}
