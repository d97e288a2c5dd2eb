package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code augment} section made runnable: the policy (if any), then the listed ops in order,
 * each with its probability, on one image; and the batch mix (if any) on a whole minibatch. Every
 * draw for an image comes from the one seed it is given.
 *
 * @param policy the automatic policy, or null
 * @param mix    the batch-level mix, or null
 */
public record AugmentPipeline(List<ConfiguredOp> ops, AugmentPolicy policy, BatchMix mix) implements Serializable {
    public static final AugmentPipeline NONE = new AugmentPipeline(List.of(), null, null);

    public AugmentPipeline {
        ops = List.copyOf(ops);
    }

    /** Whether single images are changed at all (the mix aside). */
    public boolean augmentsImages() {
        return policy != null || !ops.isEmpty();
    }

    /** The augmented image; {@code pixels} itself is left as it is. */
    public float[] apply(float[] pixels, ImageShape shape, long seed) {
        if (pixels.length != shape.size()) {
            throw new IllegalArgumentException("got " + pixels.length + " pixels for a " + shape.channels() + "x"
                    + shape.height() + "x" + shape.width() + " image");
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = pixels.clone();
        if (policy != null) {
            out = policy.apply(out, shape, random.split());
        }
        for (ConfiguredOp op : ops) {
            // Every op takes its own split stream whether it applies or not, so changing one op's
            // probability does not change what the others draw.
            SplittableRandom opRandom = random.split();
            if (op.p() >= 1 || random.nextDouble() < op.p()) {
                out = op.op().apply(out, shape, opRandom);
            }
        }
        return out;
    }
}
