package dev.trainspark.driver.config;

import dev.trainspark.pipeline.augment.AugmentOps;
import dev.trainspark.pipeline.augment.AugmentPipeline;
import dev.trainspark.pipeline.augment.AugmentPolicy;
import dev.trainspark.pipeline.augment.BatchMix;
import dev.trainspark.pipeline.augment.ConfiguredOp;
import dev.trainspark.pipeline.augment.RandAugment;
import dev.trainspark.pipeline.augment.TrivialAugment;

import java.util.List;
import java.util.Map;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * The {@code augment} section: what is done to every training row (originals, duplicates and
 * synthetic rows alike) each time a worker puts it in a minibatch. Empty by default: no
 * augmentation, and training is exactly what it is without the section. {@code rebalance.augment:
 * affine} is a separate, older shorthand that warps duplicate rows once, when they are decoded.
 *
 * @param ops           ordered list of {@code {op: NAME, p: PROB, ...params}}; see {@link AugmentOps}
 * @param policy        none (default), randaugment or trivialaugment; runs before the ops
 * @param randaugmentN  RandAugment's number of ops per image (default 2)
 * @param randaugmentM  RandAugment's magnitude, 0 to 30 (default 9)
 * @param mix           none (default), mixup, cutmix or sample_pairing: blends each minibatch
 * @param mixAlpha      alpha of the Beta(alpha, alpha) mixing weight, > 0 (default 0.2 for mixup, 1 for cutmix)
 */
public record AugmentConfig(List<Map<String, Object>> ops, String policy, Integer randaugmentN, Integer randaugmentM,
                            String mix, Double mixAlpha) {
    public AugmentConfig {
        ops = ops == null ? List.of() : ops;
        policy = policy == null ? "none" : policy;
        randaugmentN = randaugmentN == null ? 2 : randaugmentN;
        randaugmentM = randaugmentM == null ? 9 : randaugmentM;
        mix = mix == null ? "none" : mix;
        mixAlpha = mixAlpha == null ? (mix.equals("cutmix") ? 1.0 : 0.2) : mixAlpha;
        AugmentOps.parse("augment.ops", ops);
        CONFIG.require(List.of("none", "randaugment", "trivialaugment").contains(policy), "augment.policy", policy,
                "none, randaugment or trivialaugment");
        CONFIG.between("augment.randaugment_n", randaugmentN, 0, 20);
        CONFIG.between("augment.randaugment_m", randaugmentM, 0, RandAugment.MAX_MAGNITUDE);
        CONFIG.require(mixAlpha > 0 && !mixAlpha.isInfinite(), "augment.mix_alpha", mixAlpha, "a finite number > 0");
        BatchMix.named(mix, mixAlpha);
    }

    public static AugmentConfig none() {
        return new AugmentConfig(null, null, null, null, null, null);
    }

    /** Refuses RGB-only ops on grayscale data. */
    public void requireUsableWith(int channels) {
        if (channels == 3) {
            return;
        }
        for (ConfiguredOp op : AugmentOps.parse("augment.ops", ops)) {
            CONFIG.require(!op.rgbOnly(), op.key() + ".op", op.name(), "an op for grayscale images, as data.image.channels is "
                    + channels + " (saturation and hue need data.image.channels 3)");
        }
    }

    /** The section made runnable for images of {@code channels} channels. */
    public AugmentPipeline pipeline(int channels) {
        AugmentPolicy p = switch (policy) {
            case "randaugment" -> RandAugment.of(randaugmentN, randaugmentM, channels);
            case "trivialaugment" -> TrivialAugment.of(channels);
            default -> null;
        };
        return new AugmentPipeline(AugmentOps.parse("augment.ops", ops), p, BatchMix.named(mix, mixAlpha));
    }
}
