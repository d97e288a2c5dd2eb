package dev.trainspark.pipeline.image;

import dev.trainspark.pipeline.testing.DemoImages;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDecoderTest {
    private final Path digit = DemoImages.digits("3", 1).get(0);

    @Test
    void grayPngDecodesToItsOwnSamplesScaledToUnitRange() throws Exception {
        byte[] png = DemoImages.bytes(digit);
        BufferedImage reference = ImageIO.read(new ByteArrayInputStream(png));
        float[] pixels = new ImageDecoder(new ImageShape(28, 28, 1)).decode(png);
        assertEquals(784, pixels.length);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                assertEquals(reference.getRaster().getSample(x, y, 0) / 255f, pixels[y * 28 + x], 1e-6);
            }
        }
    }

    @Test
    void rgbJpegOfAnotherSizeIsResizedAndConvertedToTheConfiguredChannels() throws Exception {
        byte[] jpeg = DemoImages.rgbJpeg(digit, 56, 40);
        float[] gray = new ImageDecoder(new ImageShape(28, 28, 1)).decode(jpeg);
        float[] rgb = new ImageDecoder(new ImageShape(28, 28, 3)).decode(jpeg);
        assertEquals(784, gray.length);
        assertEquals(3 * 784, rgb.length);
        float[] original = new ImageDecoder(new ImageShape(28, 28, 1)).decode(DemoImages.bytes(digit));
        assertTrue(correlation(original, gray) > 0.9, "resized digit still looks like the digit");
        // A gray picture stored as RGB has (nearly) equal channels.
        for (int i = 0; i < 784; i += 37) {
            assertEquals(rgb[i], rgb[784 + i], 0.05);
        }
    }

    @Test
    void grayImageIsReplicatedIntoThreeChannels() throws Exception {
        float[] rgb = new ImageDecoder(new ImageShape(28, 28, 3)).decode(DemoImages.bytes(digit));
        for (int i = 0; i < 784; i++) {
            assertEquals(rgb[i], rgb[784 + i]);
            assertEquals(rgb[i], rgb[2 * 784 + i]);
        }
    }

    @Test
    void damagedAndForeignFilesAreRefusedWithTheReason() throws Exception {
        ImageDecoder decoder = new ImageDecoder(new ImageShape(28, 28, 1));
        assertReason(decoder, new byte[0], "empty file");
        assertReason(decoder, "label,notes\n".getBytes(StandardCharsets.UTF_8), "not a PNG or JPEG");
        assertReason(decoder, DemoImages.truncated(DemoImages.bytes(digit), 0.5), "damaged image");
        assertReason(decoder, DemoImages.truncated(DemoImages.rgbJpeg(digit, 64, 64), 0.5), "damaged image");
    }

    @Test
    void anImageDeclaringMorePixelsThanTheLimitIsRefusedFromItsHeaderAlone() throws Exception {
        byte[] bomb = DemoImages.pngDeclaring(digit, 40_000, 40_000);
        assertTrue(bomb.length < 2_000, "a small file");
        // Decoding it would need 1.6 GB for the raster alone; the default limit refuses it first.
        assertReason(new ImageDecoder(new ImageShape(28, 28, 1)), bomb,
                "image too large: 40000x40000 pixels exceeds data.max_pixels 50000000");
        assertReason(new ImageDecoder(new ImageShape(28, 28, 1), 783), DemoImages.bytes(digit),
                "image too large: 28x28 pixels exceeds data.max_pixels 783");
        assertReason(new ImageDecoder(new ImageShape(28, 28, 1), 2699), DemoImages.rgbJpeg(digit, 60, 45),
                "image too large: 60x45 pixels exceeds data.max_pixels 2699");
        assertEquals(784, new ImageDecoder(new ImageShape(28, 28, 1), 784).decode(DemoImages.bytes(digit)).length);
        assertThrows(IllegalArgumentException.class, () -> new ImageDecoder(new ImageShape(28, 28, 1), 0));
    }

    @Test
    void areaAverageThumbnailKeepsTheMeanIntensity() throws Exception {
        Pixels p = new ImageDecoder(new ImageShape(28, 28, 1)).read(DemoImages.bytes(digit));
        float[] thumb = Resampling.areaAverage(p, 7);
        assertEquals(49, thumb.length);
        assertEquals(mean(p.data()), mean(thumb), 1e-5);
    }

    private static void assertReason(ImageDecoder decoder, byte[] bytes, String reason) {
        UnreadableImageException e = assertThrows(UnreadableImageException.class, () -> decoder.decode(bytes));
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double correlation(float[] a, float[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double num = 0;
        double da = 0;
        double db = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - ma) * (b[i] - mb);
            da += (a[i] - ma) * (a[i] - ma);
            db += (b[i] - mb) * (b[i] - mb);
        }
        return num / Math.sqrt(da * db);
    }
}
