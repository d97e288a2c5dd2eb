package dev.trainspark.pipeline.io;

import dev.trainspark.pipeline.BadDataException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one CSV line format of trainspark, both ways: fields joined by commas, quoted as RFC 4180 does
 * when they hold a comma or a quote, for every file it writes (predictions, manifests, fold lists,
 * counts); and lines split back into fields for the files it reads (predictions, manifests). A field
 * may not hold a line break: one line is one record, so a line number names the record in errors.
 */
public final class CsvLine {
    private CsvLine() {
    }

    public static String of(String... fields) {
        return of(Arrays.asList(fields));
    }

    public static String of(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("CSV field '" + f + "' holds a line break; accepted: one-line values");
            }
            if (i > 0) {
                sb.append(',');
            }
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        return sb.toString();
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
