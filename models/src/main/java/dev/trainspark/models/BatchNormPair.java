package dev.trainspark.models;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Optional;

/**
 * A convolution or dense layer whose output goes straight into a batch normalization, and the one
 * layer that replaces both at inference.
 *
 * <p>At inference DL4J's batch normalization computes, per output channel c,
 * {@code y = gamma_c (x - mean_c) / sqrt(var_c + eps) + beta_c} with the running mean and variance
 * kept in its parameters ({@code mean}, and {@code var} or, with {@code useLogStd} (the default),
 * {@code log10stdev} holding {@code log10 sqrt(var)}); with {@code lockGammaBeta} gamma and beta are
 * the configuration's constants instead of parameters. Since x is linear in the layer's weights,
 * {@code W'_c = W_c s_c} and {@code b'_c = (b_c - mean_c) s_c + beta_c} with
 * {@code s_c = gamma_c / sqrt(var_c + eps)} give the same output; a layer without bias gets one.
 */
record BatchNormPair(FeedForwardLayer producer, BatchNormalization batchNorm) {

    /** The pair these two layers make, or empty when the second does not fold into the first. */
    static Optional<BatchNormPair> of(Layer first, Layer second) {
        if (!(second instanceof BatchNormalization bn) || !(first instanceof FeedForwardLayer producer)) {
            return Optional.empty();
        }
        // Exactly these classes: subclasses (depthwise, separable, transposed convolutions) lay their weights out otherwise.
        boolean conv = first.getClass() == ConvolutionLayer.class
                && ((ConvolutionLayer) first).getCnn2dDataFormat() == bn.getCnn2DFormat();
        boolean dense = first.getClass() == DenseLayer.class && !((DenseLayer) first).hasLayerNorm();
        // Normalization acts on the layer's output after its activation: only an identity activation is linear.
        boolean linear = producer.getActivationFn() instanceof ActivationIdentity;
        if (!(conv || dense) || !linear || producer.getNOut() != bn.getNOut() || !gammaBetaAgree(bn)) {
            return Optional.empty();
        }
        return Optional.of(new BatchNormPair(producer, bn));
    }

    /**
     * With locked gamma and beta DL4J's own dense-input path applies them only when gamma != 1 and
     * beta != 0 both hold, while its convolution helpers always apply them; folding follows the
     * documented formula, so it takes only the settings on which both paths agree.
     */
    private static boolean gammaBetaAgree(BatchNormalization bn) {
        if (!bn.isLockGammaBeta()) {
            return true;
        }
        boolean identity = bn.getGamma() == 1.0 && bn.getBeta() == 0.0;
        return identity || (bn.getGamma() != 1.0 && bn.getBeta() != 0.0);
    }

    /** The producer as it is configured once folded: with a bias, which carries the normalization's shift. */
    Layer foldedProducer() {
        Layer folded = producer.clone();
        if (folded instanceof ConvolutionLayer conv) {
            conv.setHasBias(true);
        } else {
            ((DenseLayer) folded).setHasBias(true);
        }
        return folded;
    }

    /**
     * Writes the folded weights and bias into {@code target}, the folded layer of a new network,
     * from the trained producer and normalization layers.
     */
    void writeFolded(org.deeplearning4j.nn.api.Layer trainedProducer, org.deeplearning4j.nn.api.Layer trainedBatchNorm,
                     org.deeplearning4j.nn.api.Layer target) {
        int n = (int) batchNorm.getNOut();
        double[] mean = vector(trainedBatchNorm, BatchNormalizationParamInitializer.GLOBAL_MEAN);
        double[] var = runningVariance(trainedBatchNorm, n);
        double[] gamma = batchNorm.isLockGammaBeta() ? constant(n, batchNorm.getGamma())
                : vector(trainedBatchNorm, BatchNormalizationParamInitializer.GAMMA);
        double[] beta = batchNorm.isLockGammaBeta() ? constant(n, batchNorm.getBeta())
                : vector(trainedBatchNorm, BatchNormalizationParamInitializer.BETA);
        double[] bias = trainedProducer.paramTable().containsKey(DefaultParamInitializer.BIAS_KEY)
                ? vector(trainedProducer, DefaultParamInitializer.BIAS_KEY) : new double[n];
        double[] scale = new double[n];
        double[] shift = new double[n];
        for (int c = 0; c < n; c++) {
            scale[c] = gamma[c] / Math.sqrt(var[c] + batchNorm.getEps());
            shift[c] = (bias[c] - mean[c]) * scale[c] + beta[c];
        }
        INDArray weights = trainedProducer.getParam(DefaultParamInitializer.WEIGHT_KEY).castTo(DataType.DOUBLE).dup('c');
        INDArray scaled;
        if (producer instanceof ConvolutionLayer) {
            // Convolution weights are [out, in, kh, kw]: output channel c is row c once the rest is flattened.
            scaled = weights.reshape('c', n, weights.length() / n).mulColumnVector(Nd4j.createFromArray(scale).reshape(n, 1))
                    .reshape('c', weights.shape());
        } else {
            // Dense weights are [in, out]: output unit c is column c.
            scaled = weights.mulRowVector(Nd4j.createFromArray(scale).reshape(1, n));
        }
        INDArray targetWeights = target.getParam(DefaultParamInitializer.WEIGHT_KEY);
        targetWeights.assign(scaled.castTo(targetWeights.dataType()));
        INDArray targetBias = target.getParam(DefaultParamInitializer.BIAS_KEY);
        targetBias.assign(Nd4j.createFromArray(shift).reshape(targetBias.shape()).castTo(targetBias.dataType()));
    }

    private double[] runningVariance(org.deeplearning4j.nn.api.Layer trainedBatchNorm, int n) {
        if (!batchNorm.isUseLogStd()) {
            return vector(trainedBatchNorm, BatchNormalizationParamInitializer.GLOBAL_VAR);
        }
        double[] log10Std = vector(trainedBatchNorm, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
        double[] var = new double[n];
        for (int c = 0; c < n; c++) {
            var[c] = Math.pow(10.0, 2 * log10Std[c]);
        }
        return var;
    }

    private static double[] vector(org.deeplearning4j.nn.api.Layer layer, String param) {
        return layer.getParam(param).castTo(DataType.DOUBLE).toDoubleVector();
    }

    private static double[] constant(int n, double value) {
        double[] v = new double[n];
        Arrays.fill(v, value);
        return v;
    }
}
