package dev.trainspark.driver.report;

import java.util.List;

/**
 * The per-class table of a report, as parallel arrays indexed like {@code classNames}. The AUC
 * and average-precision columns are optional: null leaves the column out, NaN in a present
 * column shows as undefined (a class without positives).
 *
 * <p>The arrays are copied on the way in and out, so a table cannot change after it is built.
 */
public record PerClassTable(List<String> classNames, double[] precision, double[] recall, double[] f1,
                            long[] support, double[] auc, double[] averagePrecision) {

    public PerClassTable {
        if (classNames == null || classNames.isEmpty()) {
            throw new IllegalArgumentException("classNames is " + classNames + "; need at least one class");
        }
        int k = classNames.size();
        precision = copy("precision", precision, k);
        recall = copy("recall", recall, k);
        f1 = copy("f1", f1, k);
        if (support == null || support.length != k) {
            throw new IllegalArgumentException("support has " + (support == null ? "no" : support.length)
                    + " entries for " + k + " classNames; need one per class");
        }
        support = support.clone();
        for (int c = 0; c < k; c++) {
            if (support[c] < 0) {
                throw new IllegalArgumentException("support[" + c + "] is " + support[c] + "; accepted >= 0");
            }
        }
        auc = auc == null ? null : copy("auc", auc, k);
        averagePrecision = averagePrecision == null ? null : copy("averagePrecision", averagePrecision, k);
        classNames = List.copyOf(classNames);
    }

    /** A table of precision, recall, F1 and support only. */
    public static PerClassTable of(List<String> classNames, double[] precision, double[] recall, double[] f1,
                                   long[] support) {
        return new PerClassTable(classNames, precision, recall, f1, support, null, null);
    }

    /** This table with an AUC column. */
    public PerClassTable withAuc(double[] auc) {
        return new PerClassTable(classNames, precision, recall, f1, support, auc, averagePrecision);
    }

    /** This table with an average-precision column. */
    public PerClassTable withAveragePrecision(double[] averagePrecision) {
        return new PerClassTable(classNames, precision, recall, f1, support, auc, averagePrecision);
    }

    @Override
    public double[] precision() {
        return precision.clone();
    }

    @Override
    public double[] recall() {
        return recall.clone();
    }

    @Override
    public double[] f1() {
        return f1.clone();
    }

    @Override
    public long[] support() {
        return support.clone();
    }

    @Override
    public double[] auc() {
        return auc == null ? null : auc.clone();
    }

    @Override
    public double[] averagePrecision() {
        return averagePrecision == null ? null : averagePrecision.clone();
    }

    /** Mean recall over the classes whose recall is defined (the balanced accuracy); NaN if none is. */
    public double meanRecall() {
        double sum = 0;
        int n = 0;
        for (double r : recall) {
            if (Double.isFinite(r)) {
                sum += r;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Whether class {@code c} is one of the weak classes the report marks: recall below the mean. */
    public boolean recallBelowMean(int c) {
        return Double.isFinite(recall[c]) && recall[c] < meanRecall();
    }

    private static double[] copy(String name, double[] values, int k) {
        if (values == null || values.length != k) {
            throw new IllegalArgumentException(name + " has " + (values == null ? "no" : values.length)
                    + " entries for " + k + " classNames; need one per class");
        }
        for (int c = 0; c < k; c++) {
            if (!Double.isNaN(values[c]) && !(values[c] >= 0 && values[c] <= 1)) {
                throw new IllegalArgumentException(name + "[" + c + "] is " + values[c]
                        + "; accepted a value in [0, 1] or NaN for undefined");
            }
        }
        return values.clone();
    }
}
