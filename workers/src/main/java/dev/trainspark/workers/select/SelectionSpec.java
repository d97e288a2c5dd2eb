package dev.trainspark.workers.select;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * How a worker chooses the rows it fits from its candidates.
 *
 * @param method          which selector, {@link Method#NONE} fits every candidate (the plain loop)
 * @param poolFactor      candidates per fitted minibatch, in minibatches: a pool of
 *                        {@code poolFactor x batch_size} rows is forwarded for every minibatch fitted
 * @param globalThreshold OHEM only: select by the loss threshold of all workers' candidates of the
 *                        previous round instead of each worker's own top {@code batch_size}
 * @param strataWeights   S-OHEM: share of the selected rows taken from each loss quantile bin,
 *                        hardest bin first; the number of weights is the number of bins
 * @param beta            selective backprop: a candidate is kept with probability
 *                        {@code percentile^beta}
 */
public record SelectionSpec(Method method, int poolFactor, boolean globalThreshold, List<Double> strataWeights,
                            double beta) implements Serializable {

    /** The selectors, by their config names. */
    public enum Method {
        NONE, OHEM, S_OHEM, SELECTIVE_BACKPROP;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Method fromConfigName(String name) {
            for (Method m : values()) {
                if (m.configName().equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("select.method is " + (name == null ? "not set" : "'" + name + "'")
                    + "; accepted: none, ohem, s_ohem, selective_backprop");
        }
    }

    /** Fit every row once, in epoch order. */
    public static final SelectionSpec NONE = new SelectionSpec(Method.NONE, 1, false, List.of(1.0), 1);

    public SelectionSpec {
        if (method == null) {
            throw new IllegalArgumentException("select.method is not set; accepted: none, ohem, s_ohem, selective_backprop");
        }
        if (poolFactor < 1) {
            throw new IllegalArgumentException("select.pool_factor is " + poolFactor + "; accepted: an integer >= 1");
        }
        if (globalThreshold && method != Method.OHEM) {
            throw new IllegalArgumentException("select.global_threshold is true with select.method "
                    + method.configName() + "; accepted: true only with select.method ohem");
        }
        strataWeights = strataWeights == null ? List.of(1.0) : List.copyOf(strataWeights);
        if (strataWeights.isEmpty()) {
            throw new IllegalArgumentException("select.strata_weights is empty; accepted: one weight per stratum, summing to 1");
        }
        double sum = 0;
        for (double w : strataWeights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("select.strata_weights has " + w + "; accepted: finite numbers >= 0 summing to 1");
            }
            sum += w;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("select.strata_weights is " + strataWeights + " (sum " + sum
                    + "); accepted: numbers >= 0 summing to 1, one per stratum");
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("select.beta is " + beta + "; accepted: a finite number > 0");
        }
    }

    /** More from the hard bins, some from every bin: weights {@code k, k-1, ..., 1}, normalised. */
    public static List<Double> decreasingWeights(int strata) {
        if (strata < 1) {
            throw new IllegalArgumentException("select.strata is " + strata + "; accepted: an integer >= 1");
        }
        double total = strata * (strata + 1) / 2.0;
        Double[] w = new Double[strata];
        for (int i = 0; i < strata; i++) {
            w[i] = (strata - i) / total;
        }
        return List.of(w);
    }

    public boolean selects() {
        return method != Method.NONE;
    }

    /** Rows forwarded per fitted minibatch, in minibatches: 1 when nothing is selected. */
    public int rowsPerStepFactor() {
        return selects() ? poolFactor : 1;
    }

    /** The share of all candidates above the global threshold: what OHEM keeps of a pool. */
    public double keptShare() {
        return 1.0 / poolFactor;
    }
}
