package dev.trainspark.pipeline.metrics;

import java.io.Serializable;
import java.util.List;

/**
 * One class's one-vs-rest ranking metrics and its plotted curves.
 *
 * @param auc                        ROC AUC, NaN where undefined (the class has no positives or no
 *                                   negatives)
 * @param averagePrecision           AP in the configured convention, NaN where the class has no
 *                                   positives
 * @param aucErrorBound              most the reported AUC can differ from the exact one: 0 for exact
 *                                   curves, NaN where the AUC is undefined
 * @param averagePrecisionErrorBound the same for the AP
 * @param roc                        downsampled (fpr, tpr) points from (0, 0) to (1, 1)
 * @param precisionRecall            downsampled (recall, precision) points, starting at (0, 1) as
 *                                   scikit-learn's {@code precision_recall_curve} ends
 */
public record ClassCurve(double auc, double averagePrecision, double aucErrorBound, double averagePrecisionErrorBound,
                         List<CurvePoint> roc, List<CurvePoint> precisionRecall) implements Serializable {
    public ClassCurve {
        roc = List.copyOf(roc);
        precisionRecall = List.copyOf(precisionRecall);
    }
}
