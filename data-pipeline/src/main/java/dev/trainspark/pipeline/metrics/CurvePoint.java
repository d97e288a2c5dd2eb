package dev.trainspark.pipeline.metrics;

import java.io.Serializable;

/** One plotted point of a curve: (fpr, tpr) on a ROC curve, (recall, precision) on a PR curve. */
public record CurvePoint(double x, double y) implements Serializable {
}
