package dev.trainspark.pipeline.rebalance;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether ND4J's float matrix product on this process's backend rounds like float arithmetic.
 * {@link BlockPairKnn}'s error bound assumes so; a backend that multiplies in a narrower format
 * (TF32 or bfloat16 tensor cores) would not, and the search then does without the product.
 */
final class FloatProduct {
    private static volatile Boolean floatPrecise;

    private FloatProduct() {
    }

    static boolean isFloatPrecise() {
        Boolean known = floatPrecise;
        if (known == null) {
            known = check();
            floatPrecise = known;
        }
        return known;
    }

    /**
     * (1 + 2^-20) + 2^-23 is a float; with a 10-bit (TF32) or 7-bit (bfloat16) significand either
     * term's low bits are lost.
     */
    private static boolean check() {
        float a = 1 + 0x1p-20f;
        float b = 0x1p-23f;
        try (INDArray x = Nd4j.create(new float[]{a, 1, 1, b}, new long[]{2, 2}, 'c');
             INDArray y = Nd4j.create(new float[]{1, 1, 1, 1}, new long[]{2, 2}, 'c');
             INDArray p = Nd4j.gemm(x, y, false, true)) {
            return p.getFloat(0, 0) == a + 1 && p.getFloat(1, 0) == 1 + b;
        }
    }
}
