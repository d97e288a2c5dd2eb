package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.random.DerivedSeed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The preview of an augmentation, for a person to look at before training: one original per row
 * with {@code perRow} augmented versions beside it (copies 1 to perRow of epoch 0), and, when the
 * pipeline mixes, one more row of the originals mixed as one minibatch. Cells are separated by a
 * white gap of {@link #GAP} pixels.
 */
public final class PreviewGrid {
    public static final int GAP = 2;

    private PreviewGrid() {
    }

    /** Cells are drawn at least this many pixels high, so small images can be looked at. */
    public static final int MIN_CELL_PIXELS = 96;
    /** ... but the whole grid at most this many pixels on a side. */
    public static final int MAX_GRID_PIXELS = 4096;

    /** An image of the grid and its shape. */
    public record Image(float[] pixels, ImageShape shape) {
        /** Each pixel drawn as a {@code factor} x {@code factor} block. */
        public Image scaled(int factor) {
            if (factor < 1) {
                throw new IllegalArgumentException("scale factor " + factor + "; accepted: an integer >= 1");
            }
            ImageShape big = new ImageShape(shape.height() * factor, shape.width() * factor, shape.channels());
            float[] out = new float[big.size()];
            int plane = shape.height() * shape.width();
            int bigPlane = big.height() * big.width();
            for (int c = 0; c < shape.channels(); c++) {
                for (int y = 0; y < big.height(); y++) {
                    for (int x = 0; x < big.width(); x++) {
                        out[c * bigPlane + y * big.width() + x] = pixels[c * plane + (y / factor) * shape.width() + x / factor];
                    }
                }
            }
            return new Image(out, big);
        }

        /** The scale that makes a cell of {@code cell} at least {@link #MIN_CELL_PIXELS} high, within {@link #MAX_GRID_PIXELS}. */
        public int zoomFor(ImageShape cell) {
            int wanted = Math.max(1, (MIN_CELL_PIXELS + cell.height() - 1) / cell.height());
            int fits = Math.max(1, MAX_GRID_PIXELS / Math.max(shape.height(), shape.width()));
            return Math.min(wanted, fits);
        }
    }

    /**
     * @param ids       the originals' row ids (their augmentation seeds follow from them)
     * @param originals their pixels
     */
    public static Image of(List<String> ids, List<float[]> originals, ImageShape cell, AugmentPipeline pipeline,
                           long seed, int perRow) {
        List<List<float[]>> rows = new ArrayList<>();
        for (int i = 0; i < originals.size(); i++) {
            List<float[]> row = new ArrayList<>();
            row.add(originals.get(i));
            for (int k = 1; k <= perRow; k++) {
                row.add(pipeline.apply(originals.get(i), cell, DerivedSeed.ofAugmentation(seed, 0, ids.get(i), k)));
            }
            rows.add(row);
        }
        if (pipeline.mix() != null && originals.size() >= 2) {
            rows.add(mixedRow(originals, cell, pipeline.mix(), seed, perRow + 1));
        }
        return compose(rows, cell, perRow + 1);
    }

    private static List<float[]> mixedRow(List<float[]> originals, ImageShape cell, BatchMix mix, long seed, int count) {
        int n = originals.size();
        int size = cell.size();
        float[] batch = new float[n * size];
        for (int i = 0; i < n; i++) {
            System.arraycopy(originals.get(i), 0, batch, i * size, size);
        }
        // Labels do not show in a picture; each image is its own class here.
        float[] labels = new float[n * n];
        for (int i = 0; i < n; i++) {
            labels[i * n + i] = 1;
        }
        mix.mix(batch, labels, n, cell, n, new SplittableRandom(DerivedSeed.of(seed, 0x313C)));
        List<float[]> row = new ArrayList<>();
        for (int i = 0; i < Math.min(n, count); i++) {
            float[] image = new float[size];
            System.arraycopy(batch, i * size, image, 0, size);
            row.add(image);
        }
        return row;
    }

    /** Lays the rows out left to right, top to bottom; short rows leave their cells white. */
    static Image compose(List<List<float[]>> rows, ImageShape cell, int columns) {
        int h = cell.height();
        int w = cell.width();
        ImageShape shape = new ImageShape(rows.size() * (h + GAP) + GAP, columns * (w + GAP) + GAP, cell.channels());
        float[] grid = new float[shape.size()];
        Arrays.fill(grid, 1f);
        int gridPlane = shape.height() * shape.width();
        for (int r = 0; r < rows.size(); r++) {
            List<float[]> row = rows.get(r);
            for (int col = 0; col < row.size(); col++) {
                float[] image = row.get(col);
                int top = GAP + r * (h + GAP);
                int left = GAP + col * (w + GAP);
                for (int c = 0; c < cell.channels(); c++) {
                    for (int y = 0; y < h; y++) {
                        System.arraycopy(image, (c * h + y) * w, grid, c * gridPlane + (top + y) * shape.width() + left, w);
                    }
                }
            }
        }
        return new Image(grid, shape);
    }
}
