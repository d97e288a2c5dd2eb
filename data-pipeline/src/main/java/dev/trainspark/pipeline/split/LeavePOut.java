package dev.trainspark.pipeline.split;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * scikit-learn's {@code LeavePOut}: every p-subset of the positions is a test set once, in the
 * order {@code itertools.combinations} lists them (lexicographic).
 */
public final class LeavePOut {
    private LeavePOut() {
    }

    /** C(n, p), exactly. */
    public static BigInteger count(long n, int p) {
        if (p > n) {
            return BigInteger.ZERO;
        }
        BigInteger c = BigInteger.ONE;
        for (int i = 0; i < p; i++) {
            c = c.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return c;
    }

    /** The p-subsets of {@code 0..n-1} in lexicographic order. */
    public static List<int[]> combinations(int n, int p) {
        List<int[]> out = new ArrayList<>();
        if (p > n) {
            return out;
        }
        int[] c = new int[p];
        for (int i = 0; i < p; i++) {
            c[i] = i;
        }
        while (true) {
            out.add(c.clone());
            int i = p - 1;
            while (i >= 0 && c[i] == n - p + i) {
                i--;
            }
            if (i < 0) {
                return out;
            }
            c[i]++;
            for (int j = i + 1; j < p; j++) {
                c[j] = c[j - 1] + 1;
            }
        }
    }
}
