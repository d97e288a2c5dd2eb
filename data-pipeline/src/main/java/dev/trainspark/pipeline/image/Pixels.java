package dev.trainspark.pipeline.image;

/** Channel-first pixels in [0, 1]: {@code data[c * height * width + y * width + x]}. */
public record Pixels(int height, int width, int channels, float[] data) {
    public Pixels {
        if (data.length != height * width * channels) {
            throw new IllegalArgumentException("pixel array has " + data.length + " values, expected "
                    + channels + "x" + height + "x" + width);
        }
    }
}
