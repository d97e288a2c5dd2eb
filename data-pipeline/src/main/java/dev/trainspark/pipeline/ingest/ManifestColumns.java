package dev.trainspark.pipeline.ingest;

import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.io.CsvLine;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.Serializable;
import java.util.List;

/**
 * Where the columns of a CSV manifest ({@code path,label[,group]}, any order, other columns
 * ignored) are, read from its header; checks and reads its rows one line at a time, so a defective
 * row is named by its line number.
 */
final class ManifestColumns implements Serializable {
    private static final String ACCEPTED_HEADER = "a header row with path,label and optionally group";

    private final String manifest;
    private final int width;
    private final int path;
    private final int label;
    private final int group;

    private ManifestColumns(String manifest, int width, int path, int label, int group) {
        this.manifest = manifest;
        this.width = width;
        this.path = path;
        this.label = label;
        this.group = group;
    }

    /** The layout of the manifest whose first line is {@code headerLine}. */
    static ManifestColumns fromHeader(String manifest, String headerLine) {
        // A UTF-8 byte order mark is part of the first line as read; it is not part of the first name.
        String line = headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine;
        List<String> names = CsvLine.split(where(manifest), 1, line);
        int path = names.indexOf("path");
        int label = names.indexOf("label");
        if (path < 0 || label < 0) {
            throw new BadDataException(where(manifest) + " has the columns " + names + "; accepted: " + ACCEPTED_HEADER);
        }
        return new ManifestColumns(manifest, names.size(), path, label, names.indexOf("group"));
    }

    /** Why the data line {@code lineNumber} (1-based) cannot be read, or null when it can. */
    String problem(String line, long lineNumber) {
        List<String> fields;
        try {
            fields = CsvLine.split(where(manifest), lineNumber, line);
        } catch (BadDataException e) {
            return e.getMessage();
        }
        String at = where(manifest) + " line " + lineNumber;
        if (fields.size() > width) {
            return at + ": " + fields.size() + " fields; accepted: at most " + width + ", one per header column";
        }
        if (isBlank(fields, path)) {
            return at + ", column " + (path + 1) + " (path): " + missingOrEmpty(fields, path)
                    + "; accepted: the image's path, absolute or relative to the manifest's folder";
        }
        if (isBlank(fields, label)) {
            return at + ", column " + (label + 1) + " (label): " + missingOrEmpty(fields, label)
                    + "; accepted: the image's class name on every row";
        }
        return null;
    }

    /** (path, label, group) of a data line that has no {@link #problem}; group is null when absent or empty. */
    Row row(String line, long lineNumber) {
        List<String> fields = CsvLine.split(where(manifest), lineNumber, line);
        String g = group >= 0 && group < fields.size() && !fields.get(group).isEmpty() ? fields.get(group) : null;
        return RowFactory.create(fields.get(path), fields.get(label), g);
    }

    private static String where(String manifest) {
        return "manifest '" + manifest + "'";
    }

    private static boolean isBlank(List<String> fields, int column) {
        return column >= fields.size() || fields.get(column).isBlank();
    }

    private static String missingOrEmpty(List<String> fields, int column) {
        return column >= fields.size() ? "is missing (the row has " + fields.size() + " field(s))" : "is empty";
    }
}
