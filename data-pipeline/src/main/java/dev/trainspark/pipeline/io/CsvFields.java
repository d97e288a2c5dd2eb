package dev.trainspark.pipeline.io;

import dev.trainspark.pipeline.BadDataException;

import java.util.ArrayList;
import java.util.List;

/**
 * One CSV line split into fields, RFC 4180 quoting undone. The files read this way (predictions,
 * manifests) hold one record per line, so a line number names the record in error messages.
 */
public final class CsvFields {
    private CsvFields() {
    }

    /**
     * @param file       the file's name, for messages
     * @param lineNumber the 1-based line, for messages
     * @throws BadDataException if a quoted field is not closed
     */
    public static List<String> split(String file, long lineNumber, String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i <= line.length()) {
            if (i == line.length()) {
                if (quoted) {
                    throw new BadDataException(file + " line " + lineNumber + ", column " + (fields.size() + 1)
                            + ": a quoted field is not closed; expected a closing '\"'");
                }
                fields.add(field.toString());
                break;
            }
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.length() == 0) {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
            i++;
        }
        return fields;
    }
}
