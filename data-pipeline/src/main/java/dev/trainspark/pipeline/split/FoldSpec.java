package dev.trainspark.pipeline.split;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * The {@code cv} config section: which cross-validation scheme and its sizes. Unset (null) fields
 * take their defaults here, so a partial YAML section maps onto this record directly with
 * snake_case property names ({@code n_splits}, {@code test_size}, ...).
 *
 * <p>{@code n_repeats} is read by {@code repeated_stratified_kfold}, {@code test_size} by
 * {@code shuffle_split} and {@code holdout}, {@code p} and {@code max_splits} by
 * {@code leave_p_out}, {@code n_bootstraps} by {@code bootstrap}; {@code n_splits} is the number
 * of folds (k-fold schemes) or of random splits ({@code shuffle_split}).
 */
public record FoldSpec(String scheme, Integer nSplits, Integer nRepeats, Double testSize, Integer p,
                       Integer maxSplits, Integer nBootstraps) {

    public FoldSpec {
        if (scheme == null) {
            scheme = CvScheme.STRATIFIED_KFOLD.configName();
        }
        CvScheme kind = CvScheme.fromConfig(scheme);
        nSplits = nSplits == null ? 5 : nSplits;
        nRepeats = nRepeats == null ? 2 : nRepeats;
        testSize = testSize == null ? 0.2 : testSize;
        p = p == null ? 1 : p;
        maxSplits = maxSplits == null ? 100 : maxSplits;
        nBootstraps = nBootstraps == null ? 10 : nBootstraps;

        int minSplits = kind == CvScheme.SHUFFLE_SPLIT ? 1 : 2;
        CONFIG.require(nSplits >= minSplits, "cv.n_splits", nSplits,
                "an integer >= " + minSplits + " for cv.scheme=" + scheme);
        CONFIG.atLeast("cv.n_repeats", nRepeats, 1);
        CONFIG.fraction("cv.test_size", testSize);
        CONFIG.atLeast("cv.p", p, 1);
        CONFIG.atLeast("cv.max_splits", maxSplits, 1);
        CONFIG.atLeast("cv.n_bootstraps", nBootstraps, 1);
    }

    /** All defaults: 5-fold stratified. */
    public static FoldSpec defaults() {
        return new FoldSpec(null, null, null, null, null, null, null);
    }

    public static FoldSpec of(CvScheme scheme, int nSplits) {
        return new FoldSpec(scheme.configName(), nSplits, null, null, null, null, null);
    }

    public CvScheme kind() {
        return CvScheme.fromConfig(scheme);
    }
}
