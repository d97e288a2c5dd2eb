package dev.trainspark.pipeline.metrics;

import java.io.Serializable;

/**
 * The recall levels of interpolated AP, {@code j / (L - 1)} for {@code j = 0..L-1} (11 for PASCAL VOC,
 * 101 for COCO), and the envelope that makes it mergeable: each curve point (r, p) is filed under the
 * highest level at most r, keeping the maximum precision per level; the interpolated precision at a
 * level is the maximum over that level and all higher ones. Partial arrays merge by element-wise max.
 */
final class RecallLevels implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int count;

    RecallLevels(int count) {
        this.count = count;
    }

    /** Levels of an AP convention; null for step-wise AP, which has none. */
    static RecallLevels of(MetricsOptions.ApConvention convention) {
        return switch (convention) {
            case STEPWISE -> null;
            case VOC11 -> new RecallLevels(11);
            case COCO101 -> new RecallLevels(101);
        };
    }

    int count() {
        return count;
    }

    double level(int j) {
        return (double) j / (count - 1);
    }

    /** Files the point (recall, precision) into {@code best}. */
    void record(double[] best, double recall, double precision) {
        int j = Math.min(count - 1, (int) Math.floor(recall * (count - 1)));
        while (j >= 0 && level(j) > recall) {
            j--;
        }
        while (j + 1 < count && level(j + 1) <= recall) {
            j++;
        }
        if (j >= 0 && precision > best[j]) {
            best[j] = precision;
        }
    }

    /** Mean over the levels of the interpolated precision (0 where no point reaches the level). */
    double averagePrecision(double[] best) {
        double running = 0;
        double sum = 0;
        for (int j = count - 1; j >= 0; j--) {
            running = Math.max(running, best[j]);
            sum += running;
        }
        return sum / count;
    }
}
