package dev.trainspark.pipeline.io;

import java.util.Arrays;
import java.util.List;

/**
 * One line of every CSV file trainspark writes (predictions, manifests, fold lists, counts): fields
 * joined by commas, quoted as RFC 4180 does when they hold a comma or a quote. A field may not hold
 * a line break: every reader of these files takes one line as one row.
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
}
