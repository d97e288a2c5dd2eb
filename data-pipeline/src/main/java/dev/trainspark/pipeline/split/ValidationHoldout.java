package dev.trainspark.pipeline.split;

import dev.trainspark.pipeline.BadDataException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A seeded stratified validation share of training rows: per class, {@code round(n x fraction)} rows
 * but at least one, the first by seeded rank, so every class is scored and the draw does not depend
 * on how the rows are partitioned. A class needs two rows, one for each side; a class without rows
 * gives none.
 */
public final class ValidationHoldout {
    private final double fraction;
    private final String fractionKey;
    private final long seed;

    /** @param fractionKey the config key of {@code fraction}, named when a class is too small */
    public ValidationHoldout(double fraction, String fractionKey, long seed) {
        this.fraction = fraction;
        this.fractionKey = fractionKey;
        this.seed = seed;
    }

    /** Validation rows per class; refuses a class of one row, which cannot give one to each side. */
    public Map<String, Long> validationCounts(Map<String, Long> trainPerClass) {
        Map<String, Long> counts = new LinkedHashMap<>();
        trainPerClass.forEach((label, n) -> {
            if (n == 1) {
                throw new BadDataException("class '" + label + "' has 1 training image, too few to hold out a validation "
                        + "share (" + fractionKey + "=" + fraction + " holds out at least one image of every class); "
                        + "accepted: at least 2 training images in every class (add images or lower the test size)");
            }
            counts.put(label, n == 0 ? 0 : Math.max(1, Math.round(n * fraction)));
        });
        return counts;
    }

    /** The rows left to train on ({@code train()}) and the validation rows ({@code test()}). */
    public StratifiedHoldout.Split apply(Dataset<Row> rows, Map<String, Long> trainPerClass) {
        return StratifiedHoldout.split(rows, validationCounts(trainPerClass), seed);
    }
}
