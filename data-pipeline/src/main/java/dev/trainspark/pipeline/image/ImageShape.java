package dev.trainspark.pipeline.image;

import java.io.Serializable;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/** Size and channel count every decoded image is brought to. */
public record ImageShape(int height, int width, int channels) implements Serializable {
    public ImageShape {
        CONFIG.positive("data.image.height", height);
        CONFIG.positive("data.image.width", width);
        CONFIG.require(channels == 1 || channels == 3, "data.image.channels", channels, "1 (grayscale) or 3 (RGB)");
    }

    public int size() {
        return height * width * channels;
    }
}
