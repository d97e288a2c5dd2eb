package dev.trainspark.pipeline.testing;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Test data made from the real MNIST digits the repository ships in {@code data/mnist}: class
 * folders with a chosen number of images each, and damaged, foreign or oversized files to put
 * beside them.
 */
public final class DemoImages {
    private DemoImages() {
    }

    /** The shipped digits, found from any module folder of the build. */
    public static Path mnistRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("data").resolve("mnist");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("data/mnist not found above " + Path.of("").toAbsolutePath());
    }

    /** The first {@code n} files (by name) of a digit's folder. */
    public static List<Path> digits(String digit, int n) {
        try (Stream<Path> files = Files.list(mnistRoot().resolve(digit))) {
            List<Path> sorted = files.sorted().toList();
            if (sorted.size() < n) {
                throw new IllegalArgumentException("only " + sorted.size() + " images of digit " + digit);
            }
            return sorted.subList(0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies {@code perClass} real digits of each named class into {@code root/<class>/}. */
    public static Path copyClasses(Path root, int perClass, String... classes) throws IOException {
        for (String c : classes) {
            Path dir = Files.createDirectories(root.resolve(c));
            for (Path f : digits(c, perClass)) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return root;
    }

    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real digit re-encoded as an RGB JPEG, scaled to {@code width x height}. */
    public static byte[] rgbJpeg(Path digit, int width, int height) throws IOException {
        BufferedImage gray = ImageIO.read(digit.toFile());
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(gray, 0, 0, width, height, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(rgb, "jpg", out);
        return out.toByteArray();
    }

    /** The first {@code fraction} of the bytes: a file cut short in transfer. */
    public static byte[] truncated(byte[] bytes, double fraction) {
        return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
    }

    /**
     * A decompression bomb: a real (small) PNG whose header declares {@code width x height} pixels,
     * with the header's checksum recomputed so a decoder accepts the header as valid.
     */
    public static byte[] pngDeclaring(Path png, int width, int height) {
        byte[] bytes = bytes(png);
        // 8-byte signature, then the IHDR chunk: length (4), type (4), width (4), height (4), 5 more
        // data bytes, and a CRC-32 over type and data.
        ByteBuffer header = ByteBuffer.wrap(bytes);
        if (!"IHDR".equals(new String(bytes, 12, 4, StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException(png + " does not start with a PNG header chunk");
        }
        header.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(bytes, 12, 4 + 13);
        header.putInt(29, (int) crc.getValue());
        return bytes;
    }
}
