package dev.trainspark.pipeline.image;

/** Resizing of channel-first pixel arrays. */
public final class Resampling {
    private Resampling() {
    }

    /**
     * The thumbnail ingest keeps of a decoded image: the image brought to {@code shape} (bilinear, as
     * training sees it), then area-averaged onto a {@code side x side} grid.
     */
    public static float[] thumbnail(Pixels decoded, ImageShape shape, int side) {
        Pixels sized = decoded.height() == shape.height() && decoded.width() == shape.width()
                ? decoded : new Pixels(shape.height(), shape.width(), shape.channels(), bilinear(decoded, shape.height(), shape.width()));
        return areaAverage(sized, side);
    }

    /** Bilinear interpolation with pixel centres aligned (half-pixel offsets), per channel. */
    public static float[] bilinear(Pixels p, int outH, int outW) {
        float[] out = new float[p.channels() * outH * outW];
        float sy = (float) p.height() / outH;
        float sx = (float) p.width() / outW;
        for (int c = 0; c < p.channels(); c++) {
            int inBase = c * p.height() * p.width();
            int outBase = c * outH * outW;
            for (int y = 0; y < outH; y++) {
                float fy = Math.max(0f, (y + 0.5f) * sy - 0.5f);
                int y0 = Math.min((int) fy, p.height() - 1);
                int y1 = Math.min(y0 + 1, p.height() - 1);
                float wy = fy - y0;
                for (int x = 0; x < outW; x++) {
                    float fx = Math.max(0f, (x + 0.5f) * sx - 0.5f);
                    int x0 = Math.min((int) fx, p.width() - 1);
                    int x1 = Math.min(x0 + 1, p.width() - 1);
                    float wx = fx - x0;
                    float top = p.data()[inBase + y0 * p.width() + x0] * (1 - wx) + p.data()[inBase + y0 * p.width() + x1] * wx;
                    float bottom = p.data()[inBase + y1 * p.width() + x0] * (1 - wx) + p.data()[inBase + y1 * p.width() + x1] * wx;
                    out[outBase + y * outW + x] = top * (1 - wy) + bottom * wy;
                }
            }
        }
        return out;
    }

    /**
     * Area averaging onto a {@code side x side} grid: every source pixel contributes to the cells it
     * overlaps, in proportion to the overlap, so thumbnails of any source size are comparable.
     */
    public static float[] areaAverage(Pixels p, int side) {
        float[] out = new float[p.channels() * side * side];
        double cellH = (double) p.height() / side;
        double cellW = (double) p.width() / side;
        for (int c = 0; c < p.channels(); c++) {
            int inBase = c * p.height() * p.width();
            for (int ty = 0; ty < side; ty++) {
                double y0 = ty * cellH;
                double y1 = y0 + cellH;
                for (int tx = 0; tx < side; tx++) {
                    double x0 = tx * cellW;
                    double x1 = x0 + cellW;
                    double sum = 0;
                    for (int y = (int) Math.floor(y0); y < Math.min(p.height(), Math.ceil(y1)); y++) {
                        double oy = Math.min(y + 1, y1) - Math.max(y, y0);
                        for (int x = (int) Math.floor(x0); x < Math.min(p.width(), Math.ceil(x1)); x++) {
                            double ox = Math.min(x + 1, x1) - Math.max(x, x0);
                            sum += oy * ox * p.data()[inBase + y * p.width() + x];
                        }
                    }
                    out[c * side * side + ty * side + tx] = (float) (sum / (cellH * cellW));
                }
            }
        }
        return out;
    }
}
