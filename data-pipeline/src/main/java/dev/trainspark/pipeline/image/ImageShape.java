package dev.trainspark.pipeline.image;

import java.io.Serializable;

/** Size and channel count every decoded image is brought to. */
public record ImageShape(int height, int width, int channels) implements Serializable {
    public ImageShape {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("data.image height and width are " + height + "x" + width
                    + "; accepted: integers > 0");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("data.image.channels is " + channels + "; accepted: 1 (grayscale) or 3 (RGB)");
        }
    }

    public int size() {
        return height * width * channels;
    }
}
