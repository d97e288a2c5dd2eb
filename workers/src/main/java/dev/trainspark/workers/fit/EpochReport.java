package dev.trainspark.workers.fit;

import dev.trainspark.models.ModelState;

import java.io.Serializable;
import java.util.List;

/**
 * What one task of an allreduce epoch returns to the driver: its figures per round (no state: the
 * replicas were averaged among the tasks) and, from partition 0 only, the state after the epoch,
 * which every task holds alike.
 *
 * @param startMillis when the task began, on the wall clock
 * @param endMillis   when it ended
 * @param rounds      this task's part of each round: examples, minibatches, loss sum, selection
 * @param times       this task's time per round: read state (first round: the broadcast), fit,
 *                    write state, aggregation (the ring's sum, waiting for the slowest task
 *                    included), update (loading the mean), total
 * @param state       the epoch's final state; null except from partition 0
 */
public record EpochReport(int partition, long startMillis, long endMillis, List<RoundResult> rounds, List<RoundTimes> times,
                          ModelState state) implements Serializable {
}
