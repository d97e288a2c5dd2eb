package dev.trainspark.pipeline.image;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Encodes channel-first pixels in [0, 1] as an 8-bit PNG (grayscale or RGB), so made images can be looked at. */
public final class PngWriter {
    private PngWriter() {
    }

    public static byte[] encode(float[] pixels, ImageShape shape) {
        if (pixels.length != shape.size()) {
            throw new IllegalArgumentException("got " + pixels.length + " pixels for a " + shape.channels() + "x"
                    + shape.height() + "x" + shape.width() + " image");
        }
        int h = shape.height();
        int w = shape.width();
        int plane = h * w;
        BufferedImage image = new BufferedImage(w, h, shape.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (shape.channels() == 1) {
                    image.getRaster().setSample(x, y, 0, level(pixels[i]));
                } else {
                    image.setRGB(x, y, (level(pixels[i]) << 16) | (level(pixels[plane + i]) << 8) | level(pixels[2 * plane + i]));
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }
}
