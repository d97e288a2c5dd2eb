package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

import java.util.SplittableRandom;

/**
 * CutMix (Yun et al. 2019): lambda ~ Beta(alpha, alpha) per minibatch sets a box of about
 * {@code (1 - lambda)} of the image area at a uniform centre, clipped to the image; every image gets
 * its partner's pixels inside the box, and the labels are mixed by the area actually pasted.
 */
public record CutMix(double alpha) implements BatchMix {
    @Override
    public void mix(float[] features, float[] labels, int n, ImageShape shape, int numClasses, SplittableRandom random) {
        int shift = BatchMix.partnerShift(n, random);
        if (shift < 0) {
            return;
        }
        int w = shape.width();
        int h = shape.height();
        double lambda = BetaDistribution.sample(alpha, alpha, random);
        double cut = Math.sqrt(1 - lambda);
        int bw = (int) Math.round(w * cut);
        int bh = (int) Math.round(h * cut);
        int cx = random.nextInt(w);
        int cy = random.nextInt(h);
        int x0 = Math.max(0, cx - bw / 2);
        int x1 = Math.min(w, cx + bw - bw / 2);
        int y0 = Math.max(0, cy - bh / 2);
        int y1 = Math.min(h, cy + bh - bh / 2);
        float pasted = (float) ((x1 - x0) * (double) (y1 - y0) / (w * h));
        if (pasted > 0) {
            float[] before = features.clone();
            int size = shape.size();
            for (int i = 0; i < n; i++) {
                int self = i * size;
                int other = ((i + shift) % n) * size;
                for (int c = 0; c < shape.channels(); c++) {
                    for (int y = y0; y < y1; y++) {
                        int row = c * h * w + y * w;
                        System.arraycopy(before, other + row + x0, features, self + row + x0, x1 - x0);
                    }
                }
            }
        }
        Mixup.blend(labels, n, numClasses, shift, 1 - pasted);
    }
}
