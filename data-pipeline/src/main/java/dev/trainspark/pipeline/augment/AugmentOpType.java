package dev.trainspark.pipeline.augment;

import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * One value of {@code augment.ops[i].op}: its name, whether it needs RGB images, the probability it
 * is applied with when {@code p} is not given, how its parameters become an op, and how it is
 * applied at a policy's magnitude. Each op declares its type beside its code; {@link AugmentOps}
 * lists them.
 *
 * @param name        the config value
 * @param rgbOnly     refused on grayscale data (saturation, hue)
 * @param defaultP    probability when {@code p} is left out
 * @param parse       the op from its parameters (each checked, unknown ones refused by the caller)
 * @param atMagnitude the op at a strength in [0, 1] for RandAugment and TrivialAugment, or null
 *                    when policies do not draw it
 */
public record AugmentOpType(String name, boolean rgbOnly, double defaultP, Function<OpParams, AugmentOp> parse,
                            DoubleFunction<AugmentOp> atMagnitude) {
}
