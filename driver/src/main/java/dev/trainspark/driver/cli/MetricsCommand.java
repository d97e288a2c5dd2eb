package dev.trainspark.driver.cli;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.EvaluationReport;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.io.HadoopFiles;
import dev.trainspark.pipeline.metrics.DistributedMetrics;
import dev.trainspark.pipeline.metrics.FullMetrics;
import dev.trainspark.pipeline.metrics.PredictionsCsv;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Compute metrics.json and report.html from a predictions CSV (id,path,label,predicted,p_<class>...), "
                + "e.g. one written by another tool, on the cluster.")
public final class MetricsCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Option(names = "--predictions", required = true, paramLabel = "FILE", description = "predictions CSV (any Hadoop path)")
    String predictions;

    @Override
    public Integer call() throws Exception {
        HadoopFiles files = RunOptions.localFiles();
        TrainsparkConfig config = options.load(files);
        Path tried = files.qualify(predictions);
        if (!files.exists(tried)) {
            throw new BadDataException("--predictions " + HadoopFiles.named(predictions, tried) + " does not exist; accepted: "
                    + "a CSV file with the header id,path,label,predicted,p_<class>...");
        }
        RunDirectory run = options.newRunWithoutData(files, config, "metrics");
        RunLifecycle.executeWithSpark(run, "metrics", config.spark(), spark -> {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            PredictionsCsv.Loaded loaded = PredictionsCsv.read(sc, files.qualify(predictions).toString());
            FullMetrics metrics = DistributedMetrics.compute(loaded.predictions(), loaded.classNames(), config.metrics().options());
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("predictions", predictions);
            facts.put("curves", config.metrics().curveMode() + ", average precision " + config.metrics().averagePrecision());
            new EvaluationReport(run, "").write("trainspark metrics: " + run.dir().getName(), metrics, facts,
                    EvaluationReport.History.none(), null);
            System.out.printf("result: accuracy %.4f  balanced_accuracy %.4f  macro_f1 %.4f  auc_ovr_macro %.4f  log_loss %.4f  ece %.4f%n",
                    metrics.accuracy(), metrics.balancedAccuracy(), metrics.macroF1(), metrics.aucOvrMacro(),
                    metrics.logLoss(), metrics.ece());
            System.out.printf("run folder: %s%n", run.dir());
        });
        return ExitCodes.DONE;
    }
}
