package dev.trainspark.pipeline.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trainspark.pipeline.image.ImageShape;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The facts about an ingested dataset that every later stage needs, stored beside its rows as
 * {@code dataset.json}. Class order fixes the label indices.
 */
public record DatasetInfo(@JsonProperty("classes") List<String> classes,
                          @JsonProperty("per_class") Map<String, Long> perClass,
                          @JsonProperty("height") int height,
                          @JsonProperty("width") int width,
                          @JsonProperty("channels") int channels,
                          @JsonProperty("thumbnail_size") int thumbnailSize,
                          @JsonProperty("source") String source) implements Serializable {

    public static final String FILE = "dataset.json";
    public static final String ROWS = "rows";

    public ImageShape shape() {
        return new ImageShape(height, width, channels);
    }

    public int labelIndex(String label) {
        int i = classes.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("label '" + label + "' is not one of the dataset's classes " + classes);
        }
        return i;
    }
}
