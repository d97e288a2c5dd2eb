package dev.trainspark.pipeline.split;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One train/test split of a cross-validation: split {@code index} of repeat {@code repeat}
 * (0 for schemes that do not repeat). Both sides keep the input's columns; a bootstrap's train side
 * repeats a row once per time it was drawn.
 */
public record Fold(int index, int repeat, Dataset<Row> train, Dataset<Row> test) {
}
