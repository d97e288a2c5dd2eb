package dev.trainspark.pipeline.augment;

import java.io.Serializable;

/**
 * One entry of {@code augment.ops}: the op applied with probability {@code p}.
 *
 * @param key     where it was configured ({@code augment.ops[2]}), for messages
 * @param name    the op's name
 * @param rgbOnly whether it needs three channels
 */
public record ConfiguredOp(String key, String name, boolean rgbOnly, double p, AugmentOp op) implements Serializable {
}
