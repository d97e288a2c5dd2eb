package dev.trainspark.pipeline.metrics;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One evaluated example: its true class, the class the model predicted and the probability it gave
 * every class.
 *
 * <p>{@code predicted} is given rather than derived because decision offsets (per-class thresholds)
 * may make it differ from the arg-max of {@code probabilities}. The array is copied in, and
 * {@link #probability(int)} reads it without a copy; {@link #probabilities()} hands out a copy.
 *
 * @param id            stable example id
 * @param path          where the example came from; may be empty
 * @param label         true class id
 * @param predicted     predicted class id
 * @param probabilities one probability per class, finite and non-negative
 */
public record Prediction(String id, String path, int label, int predicted, float[] probabilities)
        implements Serializable {

    public Prediction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(probabilities, "probabilities");
        if (label < 0) {
            throw new IllegalArgumentException("prediction '" + id + "': label is " + label + "; accepted >= 0");
        }
        if (predicted < 0) {
            throw new IllegalArgumentException(
                    "prediction '" + id + "': predicted is " + predicted + "; accepted >= 0");
        }
        if (probabilities.length == 0) {
            throw new IllegalArgumentException("prediction '" + id + "' has no probabilities; expected one per class");
        }
        probabilities = probabilities.clone();
        for (int c = 0; c < probabilities.length; c++) {
            float p = probabilities[c];
            if (!(p >= 0) || Float.isInfinite(p)) {
                throw new IllegalArgumentException("prediction '" + id + "': probability of class " + c + " is " + p
                        + "; accepted a finite value >= 0");
            }
            // -0.0 and 0.0 are one score; normalizing keeps the sort keys of equal scores equal.
            probabilities[c] = p + 0.0f;
        }
    }

    /** Number of classes the probabilities cover. */
    public int numClasses() {
        return probabilities.length;
    }

    /** The probability of class {@code classId}, without copying the array. */
    public float probability(int classId) {
        return probabilities[classId];
    }

    /** A copy of the probabilities. */
    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction other
                && other.label == label
                && other.predicted == predicted
                && other.id.equals(id)
                && other.path.equals(path)
                && Arrays.equals(other.probabilities, probabilities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, path, label, predicted) * 31 + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        return "Prediction[id=" + id + ", path=" + path + ", label=" + label + ", predicted=" + predicted
                + ", probabilities=" + Arrays.toString(probabilities) + "]";
    }
}
