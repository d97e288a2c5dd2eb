package dev.trainspark.driver.config;

import dev.trainspark.pipeline.image.ImageShape;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/** Size and channel count every image is brought to (defaults: 28 x 28, grayscale). */
public record ImageConfig(Integer height, Integer width, Integer channels) {
    public ImageConfig {
        height = height == null ? 28 : height;
        width = width == null ? 28 : width;
        channels = channels == null ? 1 : channels;
        CONFIG.positive("data.image.height", height);
        CONFIG.positive("data.image.width", width);
        CONFIG.require(channels == 1 || channels == 3, "data.image.channels", channels, "1 (grayscale) or 3 (RGB)");
    }

    public ImageShape shape() {
        return new ImageShape(height, width, channels);
    }
}
