package dev.trainspark.pipeline.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ConfusionStateTest {

    private static final int CLASSES = 4;

    /** Labelled pairs {actual, predicted}, seeded so failures replay. */
    private static int[][] pairs(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] pairs = new int[count][];
        for (int i = 0; i < count; i++) {
            int actual = random.nextInt(CLASSES);
            // Mostly right, so the diagonal and the off-diagonal cells both fill.
            int predicted = random.nextInt(3) == 0 ? random.nextInt(CLASSES) : actual;
            pairs[i] = new int[] {actual, predicted};
        }
        return pairs;
    }

    private static ConfusionState countAll(int[][] pairs, int from, int to) {
        ConfusionState state = new ConfusionState(CLASSES);
        for (int i = from; i < to; i++) {
            state.add(pairs[i][0], pairs[i][1]);
        }
        return state;
    }

    @Test
    void countsEachPairInItsCell() {
        ConfusionState state = new ConfusionState(3)
                .add(0, 0).add(0, 2).add(2, 1).add(2, 1);

        assertEquals(1, state.count(0, 0));
        assertEquals(1, state.count(0, 2));
        assertEquals(2, state.count(2, 1));
        assertEquals(0, state.count(1, 1));
        assertEquals(4, state.total());
        assertArrayEquals(new long[][] {{1, 0, 1}, {0, 0, 0}, {0, 2, 0}}, state.counts());
    }

    @Test
    void mergingPartialStatesInAnyOrderEqualsCountingAllPairs() {
        int[][] pairs = pairs(1_000, 7L);
        ConfusionState whole = countAll(pairs, 0, pairs.length);
        int[] cuts = {0, 13, 250, 251, 640, 1_000};

        Random shuffler = new Random(11L);
        for (int trial = 0; trial < 20; trial++) {
            List<ConfusionState> parts = new ArrayList<>();
            for (int p = 0; p + 1 < cuts.length; p++) {
                parts.add(countAll(pairs, cuts[p], cuts[p + 1]));
            }
            parts.add(new ConfusionState(CLASSES));  // an empty partition
            Collections.shuffle(parts, shuffler);

            ConfusionState linear = new ConfusionState(CLASSES);
            for (ConfusionState part : parts) {
                linear.merge(part);
            }
            assertEquals(whole, linear, "left fold, trial " + trial);
            assertEquals(whole, mergeAsTree(parts), "tree merge, trial " + trial);
        }
        assertEquals(pairs.length, whole.total());
    }

    /** Pairwise merging the way treeAggregate's levels combine partitions. */
    private static ConfusionState mergeAsTree(List<ConfusionState> parts) {
        List<ConfusionState> level = new ArrayList<>();
        for (ConfusionState part : parts) {
            level.add(new ConfusionState(CLASSES).merge(part));  // keep the originals intact
        }
        while (level.size() > 1) {
            List<ConfusionState> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? level.get(i).merge(level.get(i + 1)) : level.get(i));
            }
            level = next;
        }
        return level.get(0);
    }

    @Test
    void mergeReturnsTheReceiverAndLeavesTheArgumentAlone() {
        ConfusionState left = new ConfusionState(2).add(0, 1);
        ConfusionState right = new ConfusionState(2).add(1, 1);

        assertSame(left, left.merge(right));
        assertEquals(2, left.total());
        assertEquals(new ConfusionState(2).add(1, 1), right);
    }

    @Test
    void countsReturnsACopy() {
        ConfusionState state = new ConfusionState(2).add(1, 0);
        state.counts()[1][0] = 99;
        assertEquals(1, state.count(1, 0));
    }

    @Test
    void survivesJavaSerializationAsSparkShipsIt() throws Exception {
        ConfusionState state = countAll(pairs(200, 3L), 0, 200);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        Object copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }
        assertEquals(state, copy);
    }

    @Test
    void equalityDependsOnClassCount() {
        assertNotEquals(new ConfusionState(2), new ConfusionState(3));
    }

    @Test
    void rejectsLabelsOutOfRangeNamingValueAndRange() {
        ConfusionState state = new ConfusionState(3);

        IllegalArgumentException actual = assertThrows(IllegalArgumentException.class, () -> state.add(3, 0));
        assertTrue(actual.getMessage().contains("actual class 3"), actual.getMessage());
        assertTrue(actual.getMessage().contains("0..2"), actual.getMessage());

        IllegalArgumentException predicted = assertThrows(IllegalArgumentException.class, () -> state.add(0, -1));
        assertTrue(predicted.getMessage().contains("predicted class -1"), predicted.getMessage());
        assertTrue(predicted.getMessage().contains("0..2"), predicted.getMessage());

        assertThrows(IllegalArgumentException.class, () -> state.count(0, 3));
        assertEquals(0, state.total(), "a rejected pair must not be counted");
    }

    @Test
    void rejectsMergingDifferentClassCounts() {
        ConfusionState three = new ConfusionState(3);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> three.merge(new ConfusionState(4)));
        assertTrue(e.getMessage().contains("4 classes"), e.getMessage());
        assertTrue(e.getMessage().contains("3 classes"), e.getMessage());
    }

    @Test
    void rejectsFewerThanOneClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ConfusionState(0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }
}
