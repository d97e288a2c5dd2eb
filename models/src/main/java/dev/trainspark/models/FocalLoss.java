package dev.trainspark.models;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * Focal loss (Lin et al., ICCV 2017) for a probability output such as softmax:
 * {@code -sum_c w_c y_c (1 - p_c)^gamma log p_c}. Easy examples (p of the true class near 1) are
 * down-weighted by {@code (1 - p)^gamma}; with gamma 0 it is (weighted) cross-entropy.
 *
 * <p>The gradient is taken with respect to the probabilities and passed back through the layer's
 * activation, so it holds for any output activation whose values lie in (0, 1].
 */
public final class FocalLoss implements ILossFunction {
    /** Probabilities are clipped to [EPS, 1] before the log, as DL4J's cross-entropy does. */
    private static final double EPS = 1e-10;

    @JsonProperty("gamma")
    private final double gamma;
    /** Per-class weights; null = all 1. */
    @JsonProperty("weights")
    private final double[] weights;

    @JsonCreator
    public FocalLoss(@JsonProperty("gamma") double gamma, @JsonProperty("weights") double[] weights) {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("focal loss gamma is " + gamma + "; accepted: a finite number >= 0");
        }
        this.gamma = gamma;
        this.weights = weights == null ? null : weights.clone();
    }

    public double gamma() {
        return gamma;
    }

    private INDArray probabilities(INDArray preOutput, IActivation activation) {
        INDArray p = activation.getActivation(preOutput.dup(), true);
        return Transforms.max(p, EPS, false);
    }

    /** The loss of every output unit, (n, classes), mask applied. */
    private INDArray perOutput(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
        INDArray p = probabilities(preOutput, activation);
        INDArray score = Transforms.log(p, true).muli(labels).negi();
        if (gamma != 0) {
            score.muli(Transforms.pow(p.rsub(1.0), gamma, false));
        }
        if (weights != null) {
            score.muliRowVector(weightRow(labels));
        }
        if (mask != null) {
            LossUtil.applyMask(score, mask);
        }
        return score;
    }

    private INDArray weightRow(INDArray labels) {
        if (weights.length != labels.size(1)) {
            throw new IllegalStateException("focal loss has " + weights.length + " class weights for " + labels.size(1) + " outputs");
        }
        return Nd4j.create(weights).castTo(labels.dataType()).reshape(1, weights.length);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        double score = perOutput(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? score / labels.size(0) : score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return perOutput(labels, preOutput, activationFn, mask).sum(true, 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray p = probabilities(preOutput, activationFn);
        // dL/dp_c = w_c y_c [gamma (1-p_c)^(gamma-1) log p_c - (1-p_c)^gamma / p_c]
        INDArray dLdp = labels.div(p).negi();
        if (gamma != 0) {
            // 1-p is kept above 0: with gamma < 1 the first term's power would be infinite at p = 1,
            // where log p is 0 and the term's limit is 0.
            INDArray oneMinus = Transforms.max(p.rsub(1.0), 1e-12, false);
            INDArray focusing = Transforms.pow(oneMinus, gamma, true);
            dLdp.muli(focusing);
            INDArray shrink = Transforms.pow(oneMinus, gamma - 1, true).muli(Transforms.log(p, true)).muli(labels).muli(gamma);
            dLdp.addi(shrink);
        }
        if (weights != null) {
            dLdp.muliRowVector(weightRow(labels));
        }
        INDArray grad = activationFn.backprop(preOutput.dup(), dLdp).getFirst();
        if (mask != null) {
            LossUtil.applyMask(grad, mask);
        }
        return grad;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                         INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "FocalLoss(gamma=" + gamma + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FocalLoss f && f.gamma == gamma && Arrays.equals(f.weights, weights);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(gamma) + Arrays.hashCode(weights);
    }
}
