package dev.trainspark.models;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The output-layer loss beyond its class weights: cross-entropy, or focal loss (Lin et al. 2017)
 * with focusing parameter {@code gamma} and per-class weights {@code alpha}.
 *
 * @param kind   {@code cross_entropy}, {@code focal} or {@code class_balanced_focal}
 * @param gamma  focal loss's focusing parameter, >= 0; 0 is cross-entropy
 * @param alpha  focal loss's per-class weights (for {@code class_balanced_focal}: the
 *               effective-number weights of the training counts); empty = all 1
 */
public record LossSpec(String kind, double gamma, List<Double> alpha) implements Serializable {
    public static final String CROSS_ENTROPY = "cross_entropy";
    public static final String FOCAL = "focal";
    public static final String CLASS_BALANCED_FOCAL = "class_balanced_focal";

    public LossSpec {
        kind = kind == null ? CROSS_ENTROPY : kind.toLowerCase(Locale.ROOT);
        if (!kind.equals(CROSS_ENTROPY) && !kind.equals(FOCAL) && !kind.equals(CLASS_BALANCED_FOCAL)) {
            throw new IllegalArgumentException("model.loss is '" + kind + "'; accepted: cross_entropy, focal, class_balanced_focal");
        }
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("model.focal_gamma is " + gamma + "; accepted: a finite number >= 0");
        }
        alpha = alpha == null ? List.of() : List.copyOf(alpha);
        for (double a : alpha) {
            if (!(a > 0) || Double.isInfinite(a)) {
                throw new IllegalArgumentException("model.focal_alpha has " + a + "; accepted: finite numbers > 0, one per class");
            }
        }
    }

    public static LossSpec crossEntropy() {
        return new LossSpec(CROSS_ENTROPY, 0, List.of());
    }

    public boolean appliesFocal() {
        return !kind.equals(CROSS_ENTROPY);
    }

    public LossSpec withAlpha(List<Double> weights) {
        return new LossSpec(kind, gamma, weights);
    }
}
