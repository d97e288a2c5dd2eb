package dev.trainspark.bench;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.config.ConfigLoader;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.TrainJob;
import dev.trainspark.pipeline.metrics.FullMetrics;
import dev.trainspark.pipeline.rebalance.RebalanceMethod;
import dev.trainspark.pipeline.rebalance.RebalanceMethods;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Trains the same config once per rebalancing method, each in its own sub-folder of the run, and
 * prints a table of balanced accuracy and macro-F1 on the test split: the evidence for which
 * method the demo config uses.
 */
public final class RebalanceComparison {
    /** The methods compared, as config overrides applied on top of the base config. */
    public static final Map<String, List<String>> VARIANTS = variants();

    /** Every registered method as it is, and the variants that are settings rather than samplers. */
    private static Map<String, List<String>> variants() {
        Map<String, List<String>> v = new LinkedHashMap<>();
        for (RebalanceMethod m : RebalanceMethods.ALL) {
            v.put(m.name(), List.of("rebalance.method=" + m.name()));
        }
        v.put("random_over_affine", List.of("rebalance.method=random_over", "rebalance.augment=affine"));
        v.put("class_weights", List.of("rebalance.method=none", "rebalance.class_weight=inverse_frequency"));
        v.put("class_weights_effective", List.of("rebalance.method=none", "rebalance.class_weight=effective_number"));
        v.put("threshold_moving", List.of("rebalance.method=none", "rebalance.threshold_moving=true"));
        v.put("ohem", List.of("rebalance.method=none", "select.method=ohem"));
        v.put("s_ohem", List.of("rebalance.method=none", "select.method=s_ohem"));
        v.put("ohem_global", List.of("rebalance.method=none", "select.method=ohem", "select.global_threshold=true"));
        v.put("selective_backprop", List.of("rebalance.method=none", "select.method=selective_backprop"));
        v.put("focal", List.of("rebalance.method=none", "model.loss=focal"));
        v.put("class_balanced_focal", List.of("rebalance.method=none", "model.loss=class_balanced_focal"));
        v.put("random_over_affine_ohem", List.of("rebalance.method=random_over", "rebalance.augment=affine", "select.method=ohem"));
        v.put("random_over_affine_focal", List.of("rebalance.method=random_over", "rebalance.augment=affine", "model.loss=focal"));
        return v;
    }

    /** One row of the table. */
    public record Row(String method, double balancedAccuracy, double macroF1, double accuracy, double seconds) {
    }

    private final SparkSession spark;
    private final RunDirectory run;
    private final PrintStream console;

    public RebalanceComparison(SparkSession spark, RunDirectory run, PrintStream console) {
        this.spark = spark;
        this.run = run;
        this.console = console;
    }

    /**
     * @param configFor the config of a variant, from its overrides (the base config's rebalancing
     *                  is reset to none first, so each variant changes one thing)
     */
    public List<Row> run(List<String> methods, Function<List<String>, TrainsparkConfig> configFor) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String method : methods) {
            List<String> overrides = new ArrayList<>(List.of("rebalance.method=none", "rebalance.augment=none",
                    "rebalance.class_weight=none", "rebalance.threshold_moving=false", "select.method=none",
                    "select.global_threshold=false", "model.loss=cross_entropy"));
            overrides.addAll(VARIANTS.get(method));
            TrainsparkConfig config = configFor.apply(overrides);
            console.printf("== %s: %s%n", method, config.rebalance().summary());
            long t0 = System.nanoTime();
            FullMetrics m;
            try (RunDirectory sub = RunDirectory.create(run.files(), run.path(method).toString())) {
                sub.writeText(RunDirectory.CONFIG, ConfigLoader.toYaml(config));
                sub.markRunning("train");
                try {
                    m = new TrainJob(spark, config, sub, console).run().metrics();
                } catch (IOException | RuntimeException e) {
                    sub.markFailed("train", e);
                    throw e;
                }
                sub.markComplete("train");
            }
            Row row = new Row(method, m.balancedAccuracy(), m.macroF1(), m.accuracy(), (System.nanoTime() - t0) / 1e9);
            rows.add(row);
            console.printf("== %s: balanced_accuracy %.4f  macro_f1 %.4f  (%.0f s)%n", method, row.balancedAccuracy(),
                    row.macroF1(), row.seconds());
        }
        String table = markdown(rows);
        console.print(table);
        run.writeText("comparison.md", table);
        run.writeJson(RunDirectory.METRICS, rows);
        return rows;
    }

    static String markdown(List<Row> rows) {
        StringBuilder s = new StringBuilder("| method | balanced accuracy | macro-F1 | accuracy | seconds |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            s.append(String.format("| %s | %.4f | %.4f | %.4f | %.0f |%n", r.method(), r.balancedAccuracy(), r.macroF1(),
                    r.accuracy(), r.seconds()));
        }
        return s.toString();
    }
}
