package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

/**
 * A linear map about the image centre followed by a translation, sampled bilinearly from its
 * inverse with zero fill outside the image: the one geometric kernel rotation and affine share.
 */
final class AffineWarp {
    private AffineWarp() {
    }

    /**
     * Output pixel {@code (x, y)} takes the input at {@code A^-1 ((x, y) - centre - t) + centre},
     * where {@code A = [[a, b], [c, d]]} is the forward map.
     */
    static float[] byMatrix(float[] pixels, ImageShape shape, double a, double b, double c, double d, double tx, double ty) {
        double det = a * d - b * c;
        if (!(Math.abs(det) > 1e-12)) {
            throw new IllegalArgumentException("affine map is singular: [[" + a + ", " + b + "], [" + c + ", " + d + "]]");
        }
        double ia = d / det;
        double ib = -b / det;
        double ic = -c / det;
        double id = a / det;
        int w = shape.width();
        int h = shape.height();
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        float[] out = new float[pixels.length];
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double ox = x - cx - tx;
                double oy = y - cy - ty;
                double sx = ia * ox + ib * oy + cx;
                double sy = ic * ox + id * oy + cy;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                for (int ch = 0; ch < shape.channels(); ch++) {
                    int base = ch * plane;
                    double v = (1 - fx) * (1 - fy) * at(pixels, base, x0, y0, w, h)
                            + fx * (1 - fy) * at(pixels, base, x0 + 1, y0, w, h)
                            + (1 - fx) * fy * at(pixels, base, x0, y0 + 1, w, h)
                            + fx * fy * at(pixels, base, x0 + 1, y0 + 1, w, h);
                    out[base + y * w + x] = (float) v;
                }
            }
        }
        return out;
    }

    /** Rotation by {@code degrees}, shear by {@code shearXDegrees} and {@code shearYDegrees}, isotropic scale. */
    static float[] warp(float[] pixels, ImageShape shape, double degrees, double shearXDegrees, double shearYDegrees,
                        double scale, double tx, double ty) {
        double t = Math.toRadians(degrees);
        double cos = Math.cos(t);
        double sin = Math.sin(t);
        double kx = Math.tan(Math.toRadians(shearXDegrees));
        double ky = Math.tan(Math.toRadians(shearYDegrees));
        // A = scale * R * S, with S = [[1, kx], [ky, 1]].
        double a = scale * (cos - sin * ky);
        double b = scale * (cos * kx - sin);
        double c = scale * (sin + cos * ky);
        double d = scale * (sin * kx + cos);
        return byMatrix(pixels, shape, a, b, c, d, tx, ty);
    }

    private static double at(float[] pixels, int base, int x, int y, int w, int h) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : pixels[base + y * w + x];
    }
}
