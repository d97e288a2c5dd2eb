package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.BadParameterException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which classes a sampler resamples and to what size: the {@code rebalance.sampling_strategy}
 * value with imbalanced-learn's meaning. It is one of
 * <ul>
 *   <li>a name: {@code auto}, {@code not majority}, {@code not minority}, {@code minority},
 *       {@code majority}, {@code all};</li>
 *   <li>a ratio in (0, 1] (two classes only): minority/majority size after resampling;</li>
 *   <li>a mapping from class to its size after resampling (over- and under-samplers);</li>
 *   <li>a list of classes (cleaning samplers only).</li>
 * </ul>
 * {@link #resolve} turns it into per-class numbers from the class sizes, as
 * {@code check_sampling_strategy} does. Where classes tie for the largest or smallest size, the
 * first of them in label order is the majority or minority, as with imbalanced-learn's sorted
 * class counts. Errors about the form of the value are {@link IllegalArgumentException}s; errors
 * that only show against the data (a class that is not there, a target below a class's size, ...)
 * are {@link BadParameterException}s.
 */
public sealed interface SamplingStrategy {
    String KEY = "rebalance.sampling_strategy";
    String ACCEPTED = "one of 'auto', 'not majority', 'not minority', 'minority', 'majority', 'all'; "
            + "a ratio in (0, 1] (two classes only); a mapping of class to target count (over- and under-sampling); "
            + "or a list of classes (cleaning methods)";

    /** One of the named strategies. */
    enum Name {
        AUTO("auto"), NOT_MAJORITY("not majority"), NOT_MINORITY("not minority"),
        MINORITY("minority"), MAJORITY("majority"), ALL("all");

        final String configName;

        Name(String configName) {
            this.configName = configName;
        }

        static Name of(String text) {
            for (Name n : values()) {
                if (n.configName.equals(text)) {
                    return n;
                }
            }
            throw new IllegalArgumentException(KEY + " is '" + text + "'; accepted: " + ACCEPTED);
        }
    }

    /** A named strategy. */
    record Named(Name name) implements SamplingStrategy {
        @Override
        public void checkUsableBy(SamplerType type) {
            if (name == Name.MAJORITY && type == SamplerType.OVER_SAMPLING) {
                throw new IllegalArgumentException(KEY + " is 'majority', which an over-sampling method cannot use; "
                        + "accepted: 'auto', 'not majority', 'not minority', 'minority', 'all', a ratio or a mapping");
            }
            if (name == Name.MINORITY && type != SamplerType.OVER_SAMPLING) {
                throw new IllegalArgumentException(KEY + " is 'minority', which under-sampling and cleaning methods "
                        + "cannot use; accepted: 'auto', 'not majority', 'not minority', 'majority', 'all'"
                        + (type == SamplerType.UNDER_SAMPLING ? ", a ratio or a mapping" : " or a list of classes"));
            }
        }

        @Override
        public SortedMap<String, Long> resolve(Map<String, Long> classCounts, SamplerType type) {
            checkUsableBy(type);
            Map<String, Long> counts = sortedCounts(classCounts);
            String majority = majority(counts);
            String minority = minority(counts);
            long nMajority = counts.get(majority);
            long nMinority = counts.get(minority);
            boolean over = type == SamplerType.OVER_SAMPLING;
            Name effective = name == Name.AUTO ? (over ? Name.NOT_MAJORITY : Name.NOT_MINORITY) : name;
            SortedMap<String, Long> out = new TreeMap<>();
            counts.forEach((label, n) -> {
                boolean targeted = switch (effective) {
                    case ALL -> true;
                    case MAJORITY -> label.equals(majority);
                    case MINORITY -> label.equals(minority);
                    case NOT_MAJORITY -> !label.equals(majority);
                    case NOT_MINORITY -> !label.equals(minority);
                    case AUTO -> throw new IllegalStateException("auto is resolved above");
                };
                if (targeted) {
                    out.put(label, over ? nMajority - n : nMinority);
                }
            });
            return out;
        }
    }

    /** A minority-to-majority size ratio after resampling; binary problems only. */
    record Ratio(double ratio) implements SamplingStrategy {
        public Ratio {
            if (!(ratio > 0 && ratio <= 1)) {
                throw new IllegalArgumentException(KEY + " is " + ratio + "; accepted as a ratio: a number in (0, 1]");
            }
        }

        @Override
        public void checkUsableBy(SamplerType type) {
            if (type == SamplerType.CLEAN_SAMPLING) {
                throw new IllegalArgumentException(KEY + " is the ratio " + ratio + ", which a cleaning method cannot use; "
                        + "accepted: 'auto', 'not majority', 'not minority', 'majority', 'all' or a list of classes");
            }
        }

        @Override
        public SortedMap<String, Long> resolve(Map<String, Long> classCounts, SamplerType type) {
            checkUsableBy(type);
            Map<String, Long> counts = sortedCounts(classCounts);
            if (counts.size() != 2) {
                throw new BadParameterException(KEY + " is the ratio " + ratio + " but the training set has "
                        + counts.size() + " classes; accepted: a ratio only with two classes; with more, a mapping "
                        + "of class to target count or one of the names");
            }
            SortedMap<String, Long> out = new TreeMap<>();
            if (type == SamplerType.OVER_SAMPLING) {
                String majority = majority(counts);
                long nMajority = counts.get(majority);
                counts.forEach((label, n) -> {
                    if (!label.equals(majority)) {
                        long add = (long) (nMajority * ratio - n);
                        if (add <= 0) {
                            throw new BadParameterException(KEY + " is the ratio " + ratio + ", which would leave class '"
                                    + label + "' (" + n + " rows, majority '" + majority + "' " + nMajority
                                    + ") with no rows to add; accepted: a ratio above " + ((double) n / nMajority)
                                    + " and at most 1");
                        }
                        out.put(label, add);
                    }
                });
            } else {
                String minority = minority(counts);
                long nMinority = counts.get(minority);
                counts.forEach((label, n) -> {
                    if (!label.equals(minority)) {
                        long keep = (long) (nMinority / ratio);
                        if (keep > n) {
                            throw new BadParameterException(KEY + " is the ratio " + ratio + ", which would need " + keep
                                    + " rows of class '" + label + "' that has only " + n + " (minority '" + minority
                                    + "' " + nMinority + "); accepted: a ratio of at least " + ((double) nMinority / n)
                                    + " and at most 1");
                        }
                        out.put(label, keep);
                    }
                });
            }
            return out;
        }
    }

    /** Per-class sizes after resampling, for the classes named. */
    record Targets(SortedMap<String, Long> targets) implements SamplingStrategy {
        public Targets {
            targets = Collections.unmodifiableSortedMap(new TreeMap<>(targets));
            targets.forEach((label, n) -> {
                if (n < 0) {
                    throw new IllegalArgumentException(KEY + "." + label + " is " + n
                            + "; accepted: a target count >= 0");
                }
            });
        }

        @Override
        public void checkUsableBy(SamplerType type) {
            if (type == SamplerType.CLEAN_SAMPLING) {
                throw new IllegalArgumentException(KEY + " is a mapping of class to count, which a cleaning method "
                        + "cannot use; accepted: a list of the classes to clean, or one of the names");
            }
        }

        @Override
        public SortedMap<String, Long> resolve(Map<String, Long> classCounts, SamplerType type) {
            checkUsableBy(type);
            Map<String, Long> counts = sortedCounts(classCounts);
            checkPresent(targets.keySet(), counts);
            SortedMap<String, Long> out = new TreeMap<>();
            targets.forEach((label, target) -> {
                long n = counts.get(label);
                if (type == SamplerType.OVER_SAMPLING && target < n) {
                    throw new BadParameterException(KEY + "." + label + " is " + target + " but the class has " + n
                            + " rows; accepted for an over-sampling method: a target >= the class size");
                }
                if (type == SamplerType.UNDER_SAMPLING && target > n) {
                    throw new BadParameterException(KEY + "." + label + " is " + target + " but the class has " + n
                            + " rows; accepted for an under-sampling method: a target <= the class size");
                }
                out.put(label, type == SamplerType.OVER_SAMPLING ? target - n : target);
            });
            return out;
        }
    }

    /** The classes a cleaning method may remove rows from. */
    record Classes(SortedSet<String> classes) implements SamplingStrategy {
        public Classes {
            classes = Collections.unmodifiableSortedSet(new TreeSet<>(classes));
        }

        @Override
        public void checkUsableBy(SamplerType type) {
            if (type != SamplerType.CLEAN_SAMPLING) {
                throw new IllegalArgumentException(KEY + " is a list of classes, which only cleaning methods "
                        + "(tomek_links) use; accepted for this method: one of the names, a ratio or a mapping "
                        + "of class to target count");
            }
        }

        @Override
        public SortedMap<String, Long> resolve(Map<String, Long> classCounts, SamplerType type) {
            checkUsableBy(type);
            Map<String, Long> counts = sortedCounts(classCounts);
            checkPresent(classes, counts);
            long nMinority = counts.get(minority(counts));
            SortedMap<String, Long> out = new TreeMap<>();
            classes.forEach(label -> out.put(label, nMinority));
            return out;
        }
    }

    /**
     * Throws {@link IllegalArgumentException} when a sampler of this type cannot use this
     * strategy whatever the data (say 'majority' for an over-sampler).
     */
    void checkUsableBy(SamplerType type);

    /**
     * Per-class numbers in label order, only for the classes the strategy targets: for an
     * over-sampler the rows to add, for an under-sampler the rows to keep, for a cleaning sampler
     * the size of the smallest class (only the keys matter there; see {@link #classesToClean}).
     *
     * @param classCounts rows per class of the training set, every count > 0
     */
    SortedMap<String, Long> resolve(Map<String, Long> classCounts, SamplerType type);

    /** The classes a cleaning sampler may remove rows from. */
    default SortedSet<String> classesToClean(Map<String, Long> classCounts) {
        return new TreeSet<>(resolve(classCounts, SamplerType.CLEAN_SAMPLING).keySet());
    }

    /**
     * Reads a config value: a String name, a Number ratio, a Map of class to integer count or a
     * List of class names.
     */
    static SamplingStrategy parse(Object value) {
        if (value == null) {
            return new Named(Name.AUTO);
        }
        if (value instanceof String s) {
            return new Named(Name.of(s));
        }
        if (value instanceof Number n) {
            return new Ratio(n.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            SortedMap<String, Long> targets = new TreeMap<>();
            map.forEach((k, v) -> targets.put(String.valueOf(k), count(String.valueOf(k), v)));
            return new Targets(targets);
        }
        if (value instanceof List<?> list) {
            List<String> names = new ArrayList<>();
            list.forEach(x -> names.add(String.valueOf(x)));
            return new Classes(new TreeSet<>(names));
        }
        throw new IllegalArgumentException(KEY + " is " + value + "; accepted: " + ACCEPTED);
    }

    private static long count(String label, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue())) {
            return n.longValue();
        }
        throw new IllegalArgumentException(KEY + "." + label + " is " + v + "; accepted: a target count, an integer >= 0");
    }

    private static Map<String, Long> sortedCounts(Map<String, Long> classCounts) {
        Map<String, Long> counts = new LinkedHashMap<>(new TreeMap<>(classCounts));
        counts.forEach((label, n) -> {
            if (n == null || n <= 0) {
                throw new BadDataException("class '" + label + "' has " + n + " training rows; accepted: classes with at least one row");
            }
        });
        if (counts.size() <= 1) {
            throw new BadDataException("the training set has " + counts.size() + " class(es) " + counts.keySet()
                    + "; rebalancing (" + KEY + ") needs at least two");
        }
        return counts;
    }

    /** The first class in label order among those of the largest size. */
    private static String majority(Map<String, Long> sorted) {
        String best = null;
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            if (best == null || e.getValue() > sorted.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** The first class in label order among those of the smallest size. */
    private static String minority(Map<String, Long> sorted) {
        String best = null;
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            if (best == null || e.getValue() < sorted.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    private static void checkPresent(java.util.Set<String> named, Map<String, Long> counts) {
        SortedSet<String> missing = new TreeSet<>(named);
        missing.removeAll(counts.keySet());
        if (!missing.isEmpty()) {
            throw new BadParameterException(KEY + " names class(es) " + missing + " that the training set does not have; "
                    + "accepted: classes among " + counts.keySet());
        }
    }
}
