package dev.trainspark.pipeline.ingest;

import java.io.Serializable;

/** A file ingest did not keep, and why. */
public record SkippedFile(String path, String reason) implements Serializable {
}
