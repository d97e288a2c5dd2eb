package dev.trainspark.workers.select;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectorsTest {
    private static Candidates pool(double... losses) {
        String[] ids = new String[losses.length];
        int[] labels = new int[losses.length];
        for (int i = 0; i < losses.length; i++) {
            ids[i] = String.format("id-%02d", i);
            labels[i] = i % 2;
        }
        return new Candidates(ids, labels, losses);
    }

    @Test
    void ohemKeepsTheHighestLossesWithTiesBrokenById() {
        Candidates c = pool(0.1, 0.9, 0.5, 0.9, 0.2, 0.5, 0.3, 0.05);
        int[] chosen = new HardestFirst().select(c, 3, Double.NaN, new SplittableRandom(1));
        // 0.9 (id-01), 0.9 (id-03), then of the two 0.5s the smaller id, id-02.
        assertArrayEquals(new int[]{1, 2, 3}, chosen);
    }

    @Test
    void aGlobalThresholdKeepsOnlyWhatLiesAboveItButAtLeastTheHardest() {
        Candidates c = pool(0.1, 0.9, 0.5, 0.8, 0.2, 0.6);
        assertArrayEquals(new int[]{1, 3}, new HardestFirst().select(c, 3, 0.7, new SplittableRandom(1)));
        assertArrayEquals(new int[]{1, 3, 5}, new HardestFirst().select(c, 3, 0.15, new SplittableRandom(1)));
        assertArrayEquals(new int[]{1}, new HardestFirst().select(c, 3, 5.0, new SplittableRandom(1)));
    }

    @Test
    void stratifiedOhemTakesFromEveryBinInTheWeightsProportion() {
        double[] losses = new double[40];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = i; // bins by loss, hardest first: 30-39, 20-29, 10-19, 0-9
        }
        BatchSelector s = new StratifiedHard(List.of(0.4, 0.3, 0.2, 0.1));
        int[] chosen = s.select(pool(losses), 10, Double.NaN, new SplittableRandom(7));
        assertEquals(10, chosen.length);
        int[] perBin = new int[4];
        for (int i : chosen) {
            perBin[3 - i / 10]++;
        }
        assertArrayEquals(new int[]{4, 3, 2, 1}, perBin);
        assertEquals(10, Arrays.stream(chosen).distinct().count());
        assertArrayEquals(chosen, s.select(pool(losses), 10, Double.NaN, new SplittableRandom(7)), "seeded draws replay");
    }

    @Test
    void selectiveBackpropAlwaysKeepsTheHardestAndKeepsHardRowsMoreOften() {
        double[] losses = new double[200];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = i;
        }
        int hardKept = 0;
        int easyKept = 0;
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int[] chosen = new SelectiveBackprop(2).select(pool(losses), 100, Double.NaN, random);
            assertTrue(Arrays.stream(chosen).anyMatch(i -> i == 199), "the hardest is always kept");
            hardKept += (int) Arrays.stream(chosen).filter(i -> i >= 150).count();
            easyKept += (int) Arrays.stream(chosen).filter(i -> i < 50).count();
        }
        assertTrue(hardKept > 5 * easyKept, hardKept + " hard vs " + easyKept + " easy");
    }

    @Test
    void theLossHistogramsQuantileDoesNotDependOnMergeOrder() {
        SplittableRandom r = new SplittableRandom(5);
        LossHistogram a = new LossHistogram();
        LossHistogram b = new LossHistogram();
        LossHistogram all = new LossHistogram();
        double[] values = new double[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(r.nextGaussian());
            (i % 3 == 0 ? a : b).add(values[i]);
            all.add(values[i]);
        }
        double ab = new LossHistogram().merge(a).merge(b).quantile(0.75);
        double ba = new LossHistogram().merge(b).merge(a).quantile(0.75);
        assertEquals(ab, ba);
        assertEquals(all.quantile(0.75), ab);
        Arrays.sort(values);
        double exact = values[1500];
        assertTrue(ab <= exact && ab > exact / 1.01, ab + " vs exact " + exact);
        assertTrue(Double.isNaN(new LossHistogram().quantile(0.5)));
    }

    @Test
    void badSettingsNameTheirKey() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SelectionSpec(SelectionSpec.Method.OHEM, 0, false, List.of(1.0), 1)).getMessage().contains("select.pool_factor"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SelectionSpec(SelectionSpec.Method.S_OHEM, 2, false, List.of(0.5, 0.4), 1)).getMessage().contains("select.strata_weights"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SelectionSpec.Method.fromConfigName("focal")).getMessage().contains("select.method"));
    }
}
