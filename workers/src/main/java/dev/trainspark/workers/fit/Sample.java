package dev.trainspark.workers.fit;

import java.io.Serializable;

/** One decoded training or evaluation row: stable id, label index, channel-first pixels. */
public record Sample(String id, int label, float[] pixels) implements Serializable {
}
