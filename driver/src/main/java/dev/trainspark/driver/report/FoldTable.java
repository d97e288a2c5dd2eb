package dev.trainspark.driver.report;

import java.util.List;

/**
 * Cross-validation results for a report: one row of metric values per fold, one column per
 * metric name, from which the report adds a mean and a standard-deviation row.
 *
 * <p>NaN is an undefined value (a metric a fold could not compute); mean and standard
 * deviation are taken over the folds where the metric is defined. The standard deviation is
 * the sample one (divisor n - 1): the folds are a sample of the splits the data allows, and
 * the spread is there to say how much the mean would move on another split.
 *
 * @param metricNames column headings
 * @param folds       per fold, one value per metric name; copied on the way in and out
 */
public record FoldTable(List<String> metricNames, List<double[]> folds) {

    public FoldTable {
        if (metricNames == null || metricNames.isEmpty()) {
            throw new IllegalArgumentException("metricNames is " + metricNames + "; need at least one metric");
        }
        if (folds == null || folds.isEmpty()) {
            throw new IllegalArgumentException("folds is " + folds + "; need at least one fold");
        }
        for (int f = 0; f < folds.size(); f++) {
            double[] row = folds.get(f);
            if (row == null || row.length != metricNames.size()) {
                throw new IllegalArgumentException("folds[" + f + "] has " + (row == null ? "no" : row.length)
                        + " values for " + metricNames.size() + " metricNames; need one per metric");
            }
            for (int m = 0; m < row.length; m++) {
                if (Double.isInfinite(row[m])) {
                    throw new IllegalArgumentException("folds[" + f + "][" + m + "] (" + metricNames.get(m)
                            + ") is " + row[m] + "; accepted a finite value or NaN for undefined");
                }
            }
        }
        metricNames = List.copyOf(metricNames);
        folds = folds.stream().map(double[]::clone).toList();
    }

    @Override
    public List<double[]> folds() {
        return folds.stream().map(double[]::clone).toList();
    }

    /** Folds where metric {@code m} is defined. */
    public int definedCount(int m) {
        int n = 0;
        for (double[] row : folds) {
            if (!Double.isNaN(row[m])) {
                n++;
            }
        }
        return n;
    }

    /** Mean of metric {@code m} over the folds where it is defined; NaN if none is. */
    public double mean(int m) {
        double sum = 0;
        int n = 0;
        for (double[] row : folds) {
            if (!Double.isNaN(row[m])) {
                sum += row[m];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Sample standard deviation (n - 1) of metric {@code m} over the folds where it is defined; NaN below two. */
    public double standardDeviation(int m) {
        int n = definedCount(m);
        if (n < 2) {
            return Double.NaN;
        }
        double mean = mean(m);
        double squares = 0;
        for (double[] row : folds) {
            if (!Double.isNaN(row[m])) {
                squares += (row[m] - mean) * (row[m] - mean);
            }
        }
        return Math.sqrt(squares / (n - 1));
    }
}
