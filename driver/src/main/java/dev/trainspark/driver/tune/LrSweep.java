package dev.trainspark.driver.tune;

import java.util.Locale;

/**
 * What a range test recorded: per iteration fitted, the rate, the minibatch loss and the smoothed
 * loss, and why the sweep ended.
 *
 * @param planned  the iterations the sweep would have run without diverging
 * @param end      why it ended
 * @param limit    under {@link End#DIVERGED}, the smoothed loss it went above; NaN otherwise
 */
public record LrSweep(double[] rates, double[] losses, double[] smoothed, int planned, End end, double limit) {
    public enum End {
        /** Every planned iteration ran. */
        COMPLETED,
        /** The smoothed loss went above the divergence limit. */
        DIVERGED,
        /** The loss stopped being a number. */
        NOT_A_NUMBER;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LrSweep {
        if (rates.length != losses.length || rates.length != smoothed.length) {
            throw new IllegalArgumentException("one rate, loss and smoothed loss per iteration: " + rates.length + ", "
                    + losses.length + ", " + smoothed.length);
        }
    }

    public int iterations() {
        return rates.length;
    }

    /** The CSV the run folder keeps: {@code iteration,learning_rate,loss,smoothed_loss}, iterations from 0. */
    public String csv() {
        StringBuilder csv = new StringBuilder("iteration,learning_rate,loss,smoothed_loss\n");
        for (int i = 0; i < rates.length; i++) {
            csv.append(i).append(',').append(rates[i]).append(',').append(losses[i]).append(',').append(smoothed[i])
                    .append('\n');
        }
        return csv.toString();
    }
}
