package dev.trainspark.workers.fit;

import dev.trainspark.models.ModelState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RoundResultTest {

    @Test
    void identicalReplicasAverageToThemselves() {
        float[] params = {0.5f, -1.25f, 3.0f, 1e-3f};
        float[] updater = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f};
        RoundResult sum = RoundResult.empty();
        for (int k = 0; k < 5; k++) {
            sum.merge(RoundResult.of(params, updater, 32, 1, 0.5));
        }
        ModelState avg = sum.average();
        assertArrayEquals(params, avg.params());
        assertArrayEquals(updater, avg.updaterState());
        assertEquals(5, sum.replicas());
        assertEquals(160, sum.examples());
        assertEquals(0.5, sum.meanLoss(), 1e-12);
    }

    @Test
    void twoDifferentReplicasAverageElementWiseIncludingUpdaterState() {
        RoundResult a = RoundResult.of(new float[]{1f, 2f, 3f}, new float[]{10f, 20f}, 64, 2, 2.0);
        RoundResult b = RoundResult.of(new float[]{3f, -2f, 4f}, new float[]{30f, 0f}, 32, 1, 1.0);
        ModelState avg = RoundResult.empty().merge(a).merge(b).average();
        assertArrayEquals(new float[]{2f, 0f, 3.5f}, avg.params());
        assertArrayEquals(new float[]{20f, 10f}, avg.updaterState());
    }

    @Test
    void mergeOrderDoesNotChangeTheAverage() {
        Random random = new Random(7);
        List<RoundResult> parts = new ArrayList<>();
        List<float[]> params = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            float[] p = new float[100];
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) random.nextGaussian();
            }
            params.add(p);
        }
        for (float[] p : params) {
            parts.add(RoundResult.of(p, p, 1, 1, 0));
        }
        float[] forward = fold(parts).average().params();
        parts.clear();
        for (float[] p : params) {
            parts.add(RoundResult.of(p, p, 1, 1, 0));
        }
        Collections.reverse(parts);
        RoundResult tree = fold(parts.subList(0, 3)).merge(fold(parts.subList(3, 6)));
        assertArrayEquals(forward, tree.average().params());
    }

    @Test
    void mergingNeverChangesTheReplicasOwnVectors() {
        float[] pa = {1f, 2f};
        float[] ua = {3f, 4f};
        float[] pb = {5f, 6f};
        float[] ub = {7f, 8f};
        RoundResult sum = RoundResult.empty().merge(RoundResult.of(pa, ua, 1, 1, 0)).merge(RoundResult.of(pb, ub, 1, 1, 0));
        sum.merge(RoundResult.of(pa, ua, 1, 1, 0));
        assertArrayEquals(new float[]{1f, 2f}, pa);
        assertArrayEquals(new float[]{3f, 4f}, ua);
        assertArrayEquals(new float[]{5f, 6f}, pb);
        assertArrayEquals(new float[]{7f, 8f}, ub);
        assertArrayEquals(new float[]{7f / 3, 10f / 3}, sum.average().params(), 1e-6f);
        ModelState single = RoundResult.empty().merge(RoundResult.of(pa, ua, 1, 1, 0)).average();
        single.params()[0] = 99f;
        assertEquals(1f, pa[0], "an averaged single replica is a copy");
    }

    @Test
    void emptyIsNeutralAndAnEmptyRoundCannotBeAveraged() {
        RoundResult a = RoundResult.of(new float[]{1f}, new float[]{2f}, 1, 1, 0);
        assertArrayEquals(new float[]{1f}, a.merge(RoundResult.empty()).average().params());
        assertThrows(IllegalStateException.class, () -> RoundResult.empty().average());
    }

    @Test
    void replicasOfDifferentNetworksAreRefused() {
        RoundResult a = RoundResult.of(new float[]{1f}, new float[]{2f}, 1, 1, 0);
        RoundResult b = RoundResult.of(new float[]{1f, 2f}, new float[]{2f}, 1, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> a.merge(b));
    }

    private static RoundResult fold(List<RoundResult> parts) {
        RoundResult sum = RoundResult.empty();
        parts.forEach(sum::merge);
        return sum;
    }

    @Test
    void resultsAndStatesSurviveJavaSerializationBitForBit() throws Exception {
        Random random = new Random(3);
        float[] p1 = new float[70_001];
        float[] u1 = new float[140_002];
        float[] p2 = new float[70_001];
        float[] u2 = new float[140_002];
        for (float[] a : List.of(p1, u1, p2, u2)) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) random.nextGaussian();
            }
        }
        p1[5] = Float.NaN;
        u2[7] = Float.MIN_VALUE;
        RoundResult single = RoundResult.of(p1, u1, 32, 1, 0.5)
                .withTaskTimes(new RoundTimes.TaskSide(10, 20, 1, 2, 3));
        RoundResult copy = roundTrip(single);
        assertArrayEquals(single.average().params(), copy.average().params());
        assertArrayEquals(single.average().updaterState(), copy.average().updaterState());
        assertEquals(single.taskTimes(), copy.taskTimes());
        RoundResult merged = RoundResult.of(p1, u1, 32, 1, 0.5).merge(RoundResult.of(p2, u2, 32, 1, 0.7));
        RoundResult mergedCopy = roundTrip(merged);
        assertArrayEquals(merged.average().params(), mergedCopy.average().params());
        assertArrayEquals(merged.average().updaterState(), mergedCopy.average().updaterState());
        assertEquals(merged.examples(), mergedCopy.examples());
        assertEquals(merged.meanLoss(), mergedCopy.meanLoss());
        ModelState state = new ModelState(p2, u1);
        ModelState stateCopy = roundTrip(state);
        assertArrayEquals(state.params(), stateCopy.params());
        assertArrayEquals(state.updaterState(), stateCopy.updaterState());
        assertEquals(0, roundTrip(new ModelState(new float[0], new float[0])).params().length);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
