package dev.trainspark.workers.select;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * A pool of candidate rows with their training losses, in the pool's order.
 *
 * @param ids    stable row ids, which break ties between equal losses so runs replay
 * @param labels true classes
 * @param losses training loss of each row under the current parameters
 */
public record Candidates(String[] ids, int[] labels, double[] losses) {
    public Candidates {
        if (ids.length != labels.length || ids.length != losses.length) {
            throw new IllegalArgumentException("candidates: " + ids.length + " ids, " + labels.length + " labels, "
                    + losses.length + " losses");
        }
    }

    public int size() {
        return ids.length;
    }

    /** Positions from the highest loss to the lowest; equal losses by id. */
    public int[] hardestFirst() {
        return IntStream.range(0, size()).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -losses[i]).thenComparing(i -> ids[i]))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Positions in pool order, so the fitted minibatch keeps the epoch's order. */
    static int[] inPoolOrder(int[] positions) {
        int[] sorted = positions.clone();
        Arrays.sort(sorted);
        return sorted;
    }
}
