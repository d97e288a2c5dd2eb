package dev.trainspark.pipeline.ingest;

import java.util.Comparator;

/**
 * Orders class names so label indices are stable and read naturally: numbers by value
 * ("2" before "10"), everything else alphabetically after them.
 */
final class ClassOrder {
    static final Comparator<String> COMPARATOR = (a, b) -> {
        boolean na = a.matches("\\d{1,18}");
        boolean nb = b.matches("\\d{1,18}");
        if (na && nb) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    };

    private ClassOrder() {
    }
}
