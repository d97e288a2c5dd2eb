package dev.trainspark.workers.fit;

import java.io.Serializable;

/**
 * One decoded training or evaluation row: stable id, label index, channel-first pixels, and the
 * source path (empty for training rows, where it is not needed, and for synthetic rows).
 */
public record Sample(String id, int label, float[] pixels, String path) implements Serializable {
    public Sample(String id, int label, float[] pixels) {
        this(id, label, pixels, "");
    }
}
