package dev.trainspark.pipeline.metrics;

import dev.trainspark.pipeline.io.CsvLine;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.ParameterChecks;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The CSV that {@code predict} writes: {@code id,path,label,predicted,p_<class>...}, one row per
 * example, label and predicted as class names, the probability columns in class-id order.
 *
 * <p>Fields are quoted as RFC 4180 does when they hold a comma or a quote; a field may not hold a
 * line break. Probabilities are written with {@link Float#toString}, which reads back to the same
 * float. Reading validates every row on the executors and throws {@link BadDataException} naming
 * the file, the 1-based line and the column.
 */
public final class PredictionsCsv {
    /** The fixed leading columns. */
    public static final List<String> FIXED_COLUMNS = List.of("id", "path", "label", "predicted");
    public static final String PROBABILITY_PREFIX = "p_";
    /** How far a row's probabilities may sum from 1 by default. */
    public static final double DEFAULT_SUM_TOLERANCE = 1e-3;

    private PredictionsCsv() {
    }

    /** A read predictions file: the rows (validated lazily, as Spark reads them) and the classes. */
    public record Loaded(JavaRDD<Prediction> predictions, List<String> classNames) {
        public Loaded {
            Objects.requireNonNull(predictions, "predictions");
            classNames = List.copyOf(classNames);
        }
    }

    /** The header line (without line break). */
    public static String header(List<String> classNames) {
        List<String> fields = new ArrayList<>(FIXED_COLUMNS);
        for (String name : classNames) {
            fields.add(PROBABILITY_PREFIX + name);
        }
        return CsvLine.of(fields);
    }

    /** One row (without line break). */
    public static String line(Prediction p, List<String> classNames) {
        if (p.numClasses() != classNames.size() || p.label() >= classNames.size()
                || p.predicted() >= classNames.size()) {
            throw new IllegalArgumentException("prediction '" + p.id() + "' does not fit the " + classNames.size()
                    + " classes " + classNames);
        }
        List<String> fields = new ArrayList<>(4 + classNames.size());
        fields.add(p.id());
        fields.add(p.path());
        fields.add(classNames.get(p.label()));
        fields.add(classNames.get(p.predicted()));
        for (int c = 0; c < classNames.size(); c++) {
            fields.add(Float.toString(p.probability(c)));
        }
        return CsvLine.of(fields);
    }

    /** Reads with the default tolerance on the probability sum. */
    public static Loaded read(JavaSparkContext sc, String path) {
        return read(sc, path, DEFAULT_SUM_TOLERANCE);
    }

    /**
     * Reads one predictions CSV file. The header is checked now; rows are parsed and checked on the
     * executors when the returned RDD is computed, so a bad row surfaces (wrapped by Spark) from the
     * first action.
     *
     * @param sumTolerance how far a row's probabilities may sum from 1
     * @throws BadDataException if the file is missing, empty or its header is not the predict layout
     */
    public static Loaded read(JavaSparkContext sc, String path, double sumTolerance) {
        ParameterChecks.CONFIG.require(sumTolerance >= 0 && sumTolerance < 1, "metrics.probability_sum_tolerance",
                sumTolerance, "a number in [0, 1)");
        Path file = new Path(path);
        try {
            FileSystem fs = file.getFileSystem(sc.hadoopConfiguration());
            if (!fs.exists(file)) {
                throw new BadDataException(path + ": no such predictions file; expected a CSV with header "
                        + "id,path,label,predicted,p_<class>...");
            }
        } catch (IOException e) {
            throw new BadDataException(path + ": cannot be read (" + e.getMessage() + ")");
        }
        JavaRDD<String> lines = sc.textFile(path);
        List<String> first = lines.take(1);
        if (first.isEmpty()) {
            throw new BadDataException(path + ": the file is empty; expected the header id,path,label,predicted,"
                    + "p_<class>...");
        }
        List<String> classNames = parseHeader(path, first.get(0));
        RowParser parser = new RowParser(path, classNames, sumTolerance);
        JavaRDD<Prediction> rows = lines.zipWithIndex()
                .filter(t -> t._2() > 0)
                .map(t -> parser.parse(t._1(), t._2() + 1));
        return new Loaded(rows, classNames);
    }

    static List<String> parseHeader(String file, String line) {
        List<String> fields = CsvLine.split(file, 1, line);
        for (int i = 0; i < FIXED_COLUMNS.size(); i++) {
            if (i >= fields.size() || !fields.get(i).equals(FIXED_COLUMNS.get(i))) {
                throw new BadDataException(file + " line 1, column " + (i + 1) + ": header column is "
                        + (i >= fields.size() ? "missing" : "'" + fields.get(i) + "'") + "; expected '"
                        + FIXED_COLUMNS.get(i) + "' (header id,path,label,predicted,p_<class>...)");
            }
        }
        if (fields.size() == FIXED_COLUMNS.size()) {
            throw new BadDataException(file + " line 1, column " + (FIXED_COLUMNS.size() + 1)
                    + ": no probability columns; expected one p_<class> column per class");
        }
        List<String> classNames = new ArrayList<>();
        var seen = new HashSet<String>();
        for (int i = FIXED_COLUMNS.size(); i < fields.size(); i++) {
            String f = fields.get(i);
            if (!f.startsWith(PROBABILITY_PREFIX) || f.length() == PROBABILITY_PREFIX.length()) {
                throw new BadDataException(file + " line 1, column " + (i + 1) + ": header column is '" + f
                        + "'; expected p_<class>");
            }
            String name = f.substring(PROBABILITY_PREFIX.length());
            if (!seen.add(name)) {
                throw new BadDataException(file + " line 1, column " + (i + 1) + ": class '" + name
                        + "' occurs twice; expected one p_<class> column per class");
            }
            classNames.add(name);
        }
        return classNames;
    }

    /** Turns one data line into a {@link Prediction}; runs on the executors. */
    static final class RowParser implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String file;
        private final List<String> classNames;
        private final Map<String, Integer> classIds = new HashMap<>();
        private final double sumTolerance;

        RowParser(String file, List<String> classNames, double sumTolerance) {
            this.file = file;
            this.classNames = List.copyOf(classNames);
            this.sumTolerance = sumTolerance;
            for (int c = 0; c < classNames.size(); c++) {
                classIds.put(classNames.get(c), c);
            }
        }

        Prediction parse(String line, long lineNumber) {
            List<String> fields = CsvLine.split(file, lineNumber, line);
            int expected = FIXED_COLUMNS.size() + classNames.size();
            if (fields.size() != expected) {
                throw new BadDataException(file + " line " + lineNumber + ": " + fields.size() + " fields; expected "
                        + expected + " (id,path,label,predicted and " + classNames.size() + " probabilities)");
            }
            String id = fields.get(0);
            if (id.isEmpty()) {
                throw bad(lineNumber, 1, "id", "is empty; expected a non-empty id");
            }
            int label = classId(fields.get(2), lineNumber, 3, "label");
            int predicted = classId(fields.get(3), lineNumber, 4, "predicted");
            float[] probabilities = new float[classNames.size()];
            double sum = 0;
            for (int c = 0; c < probabilities.length; c++) {
                int column = FIXED_COLUMNS.size() + c + 1;
                String name = PROBABILITY_PREFIX + classNames.get(c);
                String text = fields.get(column - 1);
                float p;
                try {
                    p = Float.parseFloat(text.trim());
                } catch (NumberFormatException e) {
                    throw bad(lineNumber, column, name, "is '" + text + "'; expected a number in [0, 1]");
                }
                if (Float.isNaN(p) || Float.isInfinite(p) || p < 0 || p > 1) {
                    throw bad(lineNumber, column, name, "is " + text + "; expected a number in [0, 1]");
                }
                probabilities[c] = p;
                sum += p;
            }
            if (Math.abs(sum - 1) > sumTolerance) {
                throw new BadDataException(file + " line " + lineNumber + ", columns "
                        + PROBABILITY_PREFIX + classNames.get(0) + ".." + PROBABILITY_PREFIX
                        + classNames.get(classNames.size() - 1) + ": probabilities sum to " + sum + "; expected 1 +- "
                        + sumTolerance);
            }
            return new Prediction(id, fields.get(1), label, predicted, probabilities);
        }

        private int classId(String name, long lineNumber, int column, String columnName) {
            Integer id = classIds.get(name);
            if (id == null) {
                throw bad(lineNumber, column, columnName, "is '" + name + "', not a class of the header; accepted "
                        + classNames);
            }
            return id;
        }

        private BadDataException bad(long lineNumber, int column, String columnName, String what) {
            return new BadDataException(file + " line " + lineNumber + ", column " + column + " (" + columnName
                    + "): " + what);
        }
    }
}
