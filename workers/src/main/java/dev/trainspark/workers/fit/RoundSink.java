package dev.trainspark.workers.fit;

/**
 * Where a task of an allreduce epoch puts each round's figures as soon as the round is done (see
 * {@link RoundFeed}). Never fails the task: a sink that cannot deliver drops what it is given.
 */
public interface RoundSink extends AutoCloseable {
    /** A sink that keeps nothing. */
    RoundSink NONE = new RoundSink() {
        @Override
        public void accept(int round, long taskStartMillis, RoundResult result, RoundTimes times) {
        }

        @Override
        public void close() {
        }
    };

    /** The task's figures of round {@code round} (0-based) of the epoch, without state; the task began at {@code taskStartMillis}. */
    void accept(int round, long taskStartMillis, RoundResult result, RoundTimes times);

    @Override
    void close();
}
