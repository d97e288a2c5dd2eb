package dev.trainspark.pipeline.image;

import dev.trainspark.pipeline.ParameterChecks;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Decodes PNG and JPEG bytes into channel-first floats in [0, 1] at a fixed {@link ImageShape}.
 *
 * <p>Gray samples are read from the raster rather than through {@code getRGB}, which would push
 * them through a gamma conversion and darken them. A decoder warning (a JPEG cut short decodes
 * "successfully" with a grey band and a warning) counts as a failure, so truncated files are
 * skipped rather than trained on.
 *
 * <p>The width and height in the file's header are checked against a pixel limit before any pixel
 * is decoded: a small file can declare an image far larger than memory (a decompression bomb), and
 * decoding it would end the JVM with an {@link OutOfMemoryError} instead of skipping one file.
 */
public final class ImageDecoder {
    /** Default of {@code data.max_pixels}: 50 megapixels, e.g. 8660 x 5773. */
    public static final int DEFAULT_MAX_PIXELS = 50_000_000;

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};
    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    private final ImageShape shape;
    private final long maxPixels;

    /** A decoder refusing images above {@link #DEFAULT_MAX_PIXELS}. */
    public ImageDecoder(ImageShape shape) {
        this(shape, DEFAULT_MAX_PIXELS);
    }

    /** A decoder refusing images whose header declares more than {@code maxPixels} pixels. */
    public ImageDecoder(ImageShape shape, long maxPixels) {
        ParameterChecks.CONFIG.require(maxPixels > 0, "data.max_pixels", maxPixels, "an integer > 0");
        this.shape = shape;
        this.maxPixels = maxPixels;
    }

    public ImageShape shape() {
        return shape;
    }

    /** Decodes and resizes; channel-first (c, h, w) layout. */
    public float[] decode(byte[] bytes) throws UnreadableImageException {
        return resize(read(bytes));
    }

    /** The decoded image at its own size, channels already brought to the configured count. */
    public Pixels read(byte[] bytes) throws UnreadableImageException {
        if (bytes == null || bytes.length == 0) {
            throw new UnreadableImageException("empty file (0 bytes)");
        }
        if (!startsWith(bytes, PNG_MAGIC) && !startsWith(bytes, JPEG_MAGIC)) {
            throw new UnreadableImageException("not a PNG or JPEG file (unknown leading bytes)");
        }
        BufferedImage image = readImage(bytes);
        return toPixels(image);
    }

    private BufferedImage readImage(byte[] bytes) throws UnreadableImageException {
        // Not ImageIO.createImageInputStream: with ImageIO's default cache setting it buffers the
        // bytes, already in memory, through a new temporary file for every image.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnreadableImageException("no decoder accepts the file");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener(new IIOReadWarningListener() {
                @Override
                public void warningOccurred(ImageReader source, String warning) {
                    warnings.add(warning);
                }
            });
            try {
                reader.setInput(in, true, true);
                requireWithinPixelLimit(reader.getWidth(0), reader.getHeight(0));
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new UnreadableImageException("damaged image: " + warnings.get(0));
                }
                if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
                    throw new UnreadableImageException("decoder returned no image");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException("damaged image: " + describe(e));
        }
    }

    /** Header dimensions only: the readers parse them without decoding a pixel. */
    private void requireWithinPixelLimit(int width, int height) throws UnreadableImageException {
        if ((long) width * height > maxPixels) {
            throw new UnreadableImageException("image too large: " + width + "x" + height
                    + " pixels exceeds data.max_pixels " + maxPixels);
        }
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return e == root ? message : e.getMessage() + " (" + message + ")";
    }

    private Pixels toPixels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] data = new float[shape.channels() * h * w];
        Raster raster = image.getRaster();
        boolean grayRaster = !(image.getColorModel() instanceof IndexColorModel)
                && image.getColorModel().getNumColorComponents() == 1;
        float grayMax = (float) ((1L << image.getColorModel().getComponentSize(0)) - 1);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float r;
                float g;
                float b;
                if (grayRaster) {
                    r = g = b = raster.getSample(x, y, 0) / grayMax;
                } else {
                    int rgb = image.getRGB(x, y);
                    r = ((rgb >> 16) & 0xFF) / 255f;
                    g = ((rgb >> 8) & 0xFF) / 255f;
                    b = (rgb & 0xFF) / 255f;
                }
                int i = y * w + x;
                if (shape.channels() == 1) {
                    // ITU-R BT.601 luma, the weights PIL's convert("L") uses.
                    data[i] = grayRaster ? r : 0.299f * r + 0.587f * g + 0.114f * b;
                } else {
                    data[i] = r;
                    data[plane + i] = g;
                    data[2 * plane + i] = b;
                }
            }
        }
        return new Pixels(h, w, shape.channels(), data);
    }

    private float[] resize(Pixels p) {
        if (p.height() == shape.height() && p.width() == shape.width()) {
            return p.data();
        }
        return Resampling.bilinear(p, shape.height(), shape.width());
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
