package dev.trainspark.driver.train;

import dev.trainspark.driver.report.AccuracyCurve;
import dev.trainspark.driver.report.ConfusionHeatmap;
import dev.trainspark.driver.report.FoldTable;
import dev.trainspark.driver.report.HtmlReport;
import dev.trainspark.driver.report.LossCurve;
import dev.trainspark.driver.report.PerClassTable;
import dev.trainspark.driver.report.PrecisionRecallCurves;
import dev.trainspark.driver.report.ReliabilityDiagram;
import dev.trainspark.driver.report.RocCurves;
import dev.trainspark.driver.report.RoundEvent;
import dev.trainspark.driver.report.SelectionShares;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.pipeline.metrics.ClassCurve;
import dev.trainspark.pipeline.metrics.ClassificationMetrics;
import dev.trainspark.pipeline.metrics.CurvePoint;
import dev.trainspark.pipeline.metrics.FullMetrics;
import dev.trainspark.pipeline.metrics.ReliabilityBin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an evaluation's {@code metrics.json}, its plots (confusion matrix, ROC and PR curves per
 * class, reliability diagram, and when given loss per round and accuracy per epoch) and
 * {@code report.html}, all under a prefix of the run folder.
 */
public final class EvaluationReport {
    private final RunDirectory run;
    private final String prefix;

    /** @param prefix "" for the run folder itself, or a sub-folder such as {@code folds/fold-01/} */
    public EvaluationReport(RunDirectory run, String prefix) {
        this.run = run;
        this.prefix = prefix;
    }

    /**
     * Optional training history for the report: rounds (loss, selection figures), epochs {epoch,
     * accuracy, balanced accuracy}, and the rows per class the (first) network was trained on.
     */
    public record History(List<RoundEvent> rounds, List<double[]> epochs, Map<String, Long> trainedPerClass) {
        public static History none() {
            return new History(List.of(), List.of(), Map.of());
        }
    }

    public void write(String title, FullMetrics metrics, Map<String, String> facts, History history, FoldTable folds) {
        run.writeJson(prefix + RunDirectory.METRICS, metrics.toJsonMap());
        ClassificationMetrics labels = metrics.classification();
        List<String> classes = labels.classNames();
        HtmlReport.Builder html = HtmlReport.builder(title).facts(facts)
                .headline("accuracy", labels.accuracy())
                .headline("balanced accuracy", labels.balancedAccuracy())
                .headline("macro F1", labels.macroF1())
                .headline("Cohen's kappa", labels.kappa())
                .headline("MCC", labels.mcc())
                .headline("top-" + metrics.topK() + " accuracy", metrics.topKAccuracy())
                .headline("log loss", metrics.logLoss())
                .headline("ECE (" + metrics.reliability().size() + " bins)", metrics.ece())
                .headline("ROC AUC (one-vs-rest, macro)", metrics.aucOvrMacro())
                .headline("average precision (macro)", metrics.averagePrecisionMacro());
        int k = classes.size();
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        long[] support = new long[k];
        double[] auc = new double[k];
        double[] ap = new double[k];
        List<double[]> fpr = new ArrayList<>();
        List<double[]> tpr = new ArrayList<>();
        List<double[]> rec = new ArrayList<>();
        List<double[]> prec = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            ClassificationMetrics.ClassScores s = labels.scoresOf(c);
            precision[c] = s.precision();
            recall[c] = s.recall();
            f1[c] = s.f1();
            support[c] = s.support();
            ClassCurve curve = metrics.curves().get(c);
            auc[c] = curve.auc();
            ap[c] = curve.averagePrecision();
            fpr.add(xs(curve.roc()));
            tpr.add(ys(curve.roc()));
            rec.add(xs(curve.precisionRecall()));
            prec.add(ys(curve.precisionRecall()));
        }
        html.perClass(PerClassTable.of(classes, precision, recall, f1, support).withAuc(auc).withAveragePrecision(ap));
        if (folds != null) {
            html.folds(folds);
        }
        image(html, "confusion_matrix.png", ConfusionHeatmap.png(labels), "Confusion matrix (rows: true class, columns: predicted)");
        image(html, "roc.png", RocCurves.png(classes, fpr, tpr, auc), "ROC curve per class, one-vs-rest");
        image(html, "precision_recall.png", PrecisionRecallCurves.png(classes, rec, prec, ap), "Precision-recall curve per class");
        List<ReliabilityBin> bins = metrics.reliability();
        double[] lower = new double[bins.size()];
        double[] upper = new double[bins.size()];
        double[] confidence = new double[bins.size()];
        double[] accuracy = new double[bins.size()];
        long[] count = new long[bins.size()];
        for (int b = 0; b < bins.size(); b++) {
            lower[b] = bins.get(b).lower();
            upper[b] = bins.get(b).upper();
            confidence[b] = bins.get(b).meanConfidence();
            accuracy[b] = bins.get(b).accuracy();
            count[b] = bins.get(b).count();
        }
        image(html, "reliability.png", ReliabilityDiagram.png(lower, upper, confidence, accuracy, count, metrics.ece()),
                "Reliability diagram: accuracy against confidence of the top class");
        if (!history.rounds().isEmpty()) {
            image(html, "loss.png", LossCurve.png(history.rounds()), "Training loss per parameter-averaging round");
        }
        TreeMap<Integer, long[]> selected = SelectionShares.perEpoch(history.rounds());
        if (!selected.isEmpty()) {
            double total = history.trainedPerClass().values().stream().mapToLong(Long::longValue).sum();
            double[] share = classes.stream().mapToDouble(c -> history.trainedPerClass().getOrDefault(c, 0L) / total).toArray();
            image(html, "selection.png", SelectionShares.png(classes, selected, share),
                    "Share of each class among the rows hard-example selection kept, per epoch; dashed: its share of the "
                            + "training rows, what selection by chance would keep");
        }
        if (!history.epochs().isEmpty()) {
            int[] epochs = history.epochs().stream().mapToInt(e -> (int) e[0]).toArray();
            double[] acc = history.epochs().stream().mapToDouble(e -> e[1]).toArray();
            double[] bal = history.epochs().stream().mapToDouble(e -> e[2]).toArray();
            image(html, "accuracy.png", AccuracyCurve.png(epochs, acc, bal), "Test accuracy and balanced accuracy per epoch");
        }
        run.writeText(prefix + RunDirectory.REPORT, html.render());
    }

    private void image(HtmlReport.Builder html, String name, byte[] png, String caption) {
        run.writeBytes(prefix + name, png);
        html.image(name, caption);
    }

    private static double[] xs(List<CurvePoint> points) {
        return points.stream().mapToDouble(CurvePoint::x).toArray();
    }

    private static double[] ys(List<CurvePoint> points) {
        return points.stream().mapToDouble(CurvePoint::y).toArray();
    }
}
