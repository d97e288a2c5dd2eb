package dev.trainspark.driver.registry;

import dev.trainspark.driver.report.ConfusionHeatmap;
import dev.trainspark.driver.report.HtmlReport;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.pipeline.metrics.FullMetrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A retrain run's own files: {@code metrics.json} (the challenger's), {@code comparison.json} (the
 * table and the decision) and {@code report.html} with the comparison and both confusion matrices;
 * each model's full report lies in {@code champion/} and {@code challenger/}.
 */
final class RetrainReport {
    private final RunDirectory run;

    RetrainReport(RunDirectory run) {
        this.run = run;
    }

    void write(String name, int version, Integer championVersion, PromotionRule.Decision decision, FullMetrics champion,
               FullMetrics challenger, long evaluationImages) {
        run.writeJson(RunDirectory.METRICS, challenger.toJsonMap());
        Map<String, Object> comparison = new LinkedHashMap<>();
        comparison.put("champion_version", championVersion);
        comparison.put("challenger_version", version);
        comparison.put("promoted", decision.promote());
        comparison.put("reason", decision.reason());
        comparison.put("rows", decision.rows().stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("metric", r.name());
            row.put("champion", finite(r.champion()));
            row.put("challenger", finite(r.challenger()));
            row.put("delta", finite(r.delta()));
            return row;
        }).toList());
        run.writeJson(RetrainJob.COMPARISON, comparison);

        HtmlReport.Builder html = HtmlReport.builder("trainspark retrain: " + name + " version " + version)
                .fact("decision", decision.promote() ? "promoted to champion" : "not promoted; champion stays version " + championVersion)
                .fact("reason", decision.reason())
                .fact("champion", championVersion == null ? "none" : "version " + championVersion + " (full report: champion/report.html)")
                .fact("challenger", "version " + version + " (full report: challenger/report.html)")
                .fact("evaluation images (frozen split)", String.valueOf(evaluationImages));
        for (PromotionRule.Row r : decision.rows()) {
            html.fact(r.name(), Double.isNaN(r.champion())
                    ? String.format(Locale.ROOT, "challenger %.4f", r.challenger())
                    : String.format(Locale.ROOT, "champion %.4f, challenger %.4f, delta %+.4f", r.champion(), r.challenger(), r.delta()));
        }
        if (champion != null) {
            run.writeBytes("champion_confusion_matrix.png", ConfusionHeatmap.png(champion.classification()));
            html.image("champion_confusion_matrix.png", "Champion (version " + championVersion + "): confusion matrix on the frozen "
                    + "evaluation split (rows: true class, columns: predicted)");
        }
        run.writeBytes("challenger_confusion_matrix.png", ConfusionHeatmap.png(challenger.classification()));
        html.image("challenger_confusion_matrix.png", "Challenger (version " + version + "): confusion matrix on the same images");
        run.writeText(RunDirectory.REPORT, html.render());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
