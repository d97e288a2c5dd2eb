package dev.trainspark.workers.evaluate;

import dev.trainspark.pipeline.augment.HorizontalFlip;
import dev.trainspark.pipeline.image.ImageShape;

/**
 * The views of an image a model scores at test time ({@code evaluate.tta}); its class
 * probabilities are the mean over the views (and over an ensemble's members).
 */
public enum TestTimeAugmentation {
    /** The image as it is: the plain prediction. */
    NONE("none"),
    /** The image and its left-right mirror. */
    FLIPS("flips");

    private final String configName;

    TestTimeAugmentation(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static TestTimeAugmentation fromConfigName(String name) {
        for (TestTimeAugmentation t : values()) {
            if (t.configName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("evaluate.tta is " + (name == null ? "not set" : "'" + name + "'")
                + "; accepted: none, flips");
    }

    /** How many views each image is scored in. */
    public int viewCount() {
        return this == NONE ? 1 : 2;
    }

    /** View {@code v} of {@code pixels} (channel-first); view 0 is always the image itself, not copied. */
    public float[] view(float[] pixels, ImageShape shape, int v) {
        if (v < 0 || v >= viewCount()) {
            throw new IllegalArgumentException("view " + v + " of " + configName + "; accepted: 0 to " + (viewCount() - 1));
        }
        return v == 0 ? pixels : HorizontalFlip.flip(pixels, shape);
    }

}
