package dev.trainspark.driver.config;

import dev.trainspark.workers.select.SelectionSpec;

import java.util.List;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * Hard-example selection in the workers' minibatch loop (defaults: none).
 *
 * @param method          {@code none}, {@code ohem}, {@code s_ohem} or {@code selective_backprop}
 * @param poolFactor      candidates forwarded per fitted minibatch, in minibatches (default 2)
 * @param globalThreshold OHEM: select by the loss threshold of all workers' candidates of the
 *                        previous round (default false)
 * @param strata          S-OHEM: loss quantile bins (default 4, or the number of strata weights)
 * @param strataWeights   S-OHEM: share taken from each bin, hardest first, summing to 1 (default
 *                        {@code k, k-1, ..., 1} normalised)
 * @param beta            selective backprop: keep probability {@code percentile^beta} (default 1)
 */
public record SelectConfig(String method, Integer poolFactor, Boolean globalThreshold, Integer strata,
                           List<Double> strataWeights, Double beta) {
    public SelectConfig {
        method = method == null ? "none" : method;
        poolFactor = poolFactor == null ? 2 : poolFactor;
        globalThreshold = globalThreshold != null && globalThreshold;
        strata = strata == null ? (strataWeights == null ? 4 : strataWeights.size()) : strata;
        CONFIG.positive("select.strata", strata);
        if (strataWeights == null) {
            strataWeights = SelectionSpec.decreasingWeights(strata);
        } else {
            strataWeights = List.copyOf(strataWeights);
            CONFIG.require(strataWeights.size() == strata, "select.strata_weights", strataWeights,
                    "one weight per stratum (select.strata is " + strata + ")");
        }
        beta = beta == null ? 1.0 : beta;
        spec(method, poolFactor, globalThreshold, strataWeights, beta);
    }

    /** What the workers are told. */
    public SelectionSpec selectionSpec() {
        return spec(method, poolFactor, globalThreshold, strataWeights, beta);
    }

    private static SelectionSpec spec(String method, int poolFactor, boolean globalThreshold, List<Double> weights, double beta) {
        return new SelectionSpec(SelectionSpec.Method.fromConfigName(method), poolFactor, globalThreshold, weights, beta);
    }
}
