package dev.trainspark.driver.config;

import dev.trainspark.pipeline.image.ImageShape;

/** Size and channel count every image is brought to (defaults: 28 x 28, grayscale). */
public record ImageConfig(Integer height, Integer width, Integer channels) {
    public ImageConfig {
        height = height == null ? 28 : height;
        width = width == null ? 28 : width;
        channels = channels == null ? 1 : channels;
        Checks.positive("data.image.height", height);
        Checks.positive("data.image.width", width);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("data.image.channels is " + channels + "; accepted: 1 (grayscale) or 3 (RGB)");
        }
    }

    public ImageShape shape() {
        return new ImageShape(height, width, channels);
    }
}
