package dev.trainspark.pipeline.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurveAccumulatorTest {
    private record Group(long tp, long fp) {
    }

    private static List<Group> groups(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Group> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Group(random.nextInt(4), random.nextInt(7)));
        }
        return out;
    }

    /** The walk cut into slices at the given group indexes, each slice told what precedes it, merged in order. */
    private static CurveAccumulator sliced(List<Group> groups, long positives, long negatives, int... cuts) {
        List<CurveAccumulator> slices = new ArrayList<>();
        long tp = 0;
        long fp = 0;
        int start = 0;
        int[] ends = new int[cuts.length + 1];
        System.arraycopy(cuts, 0, ends, 0, cuts.length);
        ends[cuts.length] = groups.size();
        for (int end : ends) {
            CurveAccumulator slice = new CurveAccumulator(positives, negatives, 100, null, tp, fp);
            for (Group g : groups.subList(start, end)) {
                slice.group(g.tp(), g.fp());
                tp += g.tp();
                fp += g.fp();
            }
            slices.add(slice);
            start = end;
        }
        CurveAccumulator merged = new CurveAccumulator(positives, negatives, 100, null, 0, 0);
        slices.forEach(merged::merge);
        return merged;
    }

    /** What the AP was before: one plain double sum per slice, the slices' sums added in order. */
    private static double plainSlicedAp(List<Group> groups, long positives, int... cuts) {
        double total = 0;
        double slice = 0;
        long tp = 0;
        long fp = 0;
        int next = 0;
        for (int i = 0; i < groups.size(); i++) {
            if (next < cuts.length && cuts[next] == i) {
                total += slice;
                slice = 0;
                next++;
            }
            tp += groups.get(i).tp();
            fp += groups.get(i).fp();
            if (groups.get(i).tp() > 0) {
                slice += groups.get(i).tp() * ((double) tp / (tp + fp));
            }
        }
        return (total + slice) / positives;
    }

    @Test
    void averagePrecisionDoesNotDependOnWhereTheSortCutTheWalk() {
        List<Group> groups = groups(20_000, 7);
        long positives = groups.stream().mapToLong(Group::tp).sum();
        long negatives = groups.stream().mapToLong(Group::fp).sum();
        double whole = sliced(groups, positives, negatives).averagePrecision();
        int[][] cuttings = {{5_000}, {1, 2, 3}, {6_789, 13_001}, {19_999}, {2_500, 5_000, 7_500, 10_000, 12_500, 15_000}};
        boolean plainSumsDiffer = false;
        for (int[] cuts : cuttings) {
            assertEquals(whole, sliced(groups, positives, negatives, cuts).averagePrecision(), 0.0, "cut at " + java.util.Arrays.toString(cuts));
            plainSumsDiffer |= plainSlicedAp(groups, positives, cuts) != plainSlicedAp(groups, positives);
            assertEquals(sliced(groups, positives, negatives).aucTwice(), sliced(groups, positives, negatives, cuts).aucTwice());
        }
        assertTrue(plainSumsDiffer, "plain double sums do move with the cuts, which is what this guards against");
        assertEquals(plainSlicedAp(groups, positives), whole, 1e-12, "and the value is the step-wise AP");
    }
}
