package dev.trainspark.workers.fit;

import dev.trainspark.models.ModelState;
import dev.trainspark.workers.allreduce.InProcessSum;
import dev.trainspark.workers.allreduce.ReplicaSum;
import dev.trainspark.workers.allreduce.RingEndpoint;
import dev.trainspark.workers.allreduce.RingRendezvous;
import dev.trainspark.workers.allreduce.RingSecret;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One task of an allreduce epoch, run in a Spark barrier stage so that all of the epoch's tasks are
 * up at once: the task opens a port, learns every other task's from the driver's
 * {@link RingRendezvous}, joins the ring (or, when all tasks share this JVM, an {@link InProcessSum})
 * and fits the epoch's rounds, averaging with the others after
 * each ({@link ShardTrainer#fitEpoch}). The driver sees one stage per epoch instead of one job per
 * round. If any task fails, Spark stops the others and the stage fails as a whole; a task blocked on
 * the ring is interrupted, which ends its socket read.
 */
public final class AllreduceEpochTask extends AbstractFunction1<Iterator<Sample>, Iterator<EpochReport>>
        implements Serializable {
    /** How long a task waits for its ring neighbours to connect once the addresses are known. */
    private static final long JOIN_TIMEOUT_MILLIS = 120_000;
    /** How long a task tries to reach the driver's round feed before it trains on without it. */
    private static final int FEED_CONNECT_MILLIS = 10_000;

    private final ShardTrainer trainer;
    private final String shardSet;
    private final Broadcast<ModelState> start;
    private final RoundPlan firstRound;
    private final int rounds;
    private final String rendezvous;
    private final String feed;
    private final String secret;

    /**
     * @param rendezvous the driver's {@link RingRendezvous}, where the tasks learn each other's addresses
     * @param feed       the driver's {@link RoundFeed}, where each task sends its figures of every round as it ends
     * @param secret     the epoch's {@link RingSecret}, which the rendezvous, the feed and the ring ask of every task
     */
    public AllreduceEpochTask(ShardTrainer trainer, String shardSet, Broadcast<ModelState> start, RoundPlan firstRound,
                              int rounds, String rendezvous, String feed, String secret) {
        this.trainer = trainer;
        this.shardSet = shardSet;
        this.start = start;
        this.firstRound = firstRound;
        this.rounds = rounds;
        this.rendezvous = rendezvous;
        this.feed = feed;
        this.secret = secret;
    }

    @Override
    public Iterator<EpochReport> apply(Iterator<Sample> rows) {
        BarrierTaskContext context = BarrierTaskContext.get();
        int partition = context.partitionId();
        try (RoundSink sink = RoundFeed.connect(feed, secret, partition, FEED_CONNECT_MILLIS);
             RingEndpoint endpoint = RingEndpoint.open(advertisedHost())) {
            RingRendezvous.Members members = RingRendezvous.exchange(rendezvous, secret, partition, context.numPartitions(),
                    endpoint.address(), JOIN_TIMEOUT_MILLIS);
            try (ReplicaSum sum = members.allInThisProcess()
                    ? InProcessSum.join(members.gathering(), partition, context.numPartitions())
                    : endpoint.join(partition, members.addresses(), secret, JOIN_TIMEOUT_MILLIS)) {
                EpochReport report = trainer.fitEpoch(shardSet, partition, JavaConverters.asJavaIterator(rows), start::value,
                        firstRound, rounds, sum, sink);
                return JavaConverters.asScalaIterator(List.of(report).iterator());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("allreduce epoch " + (firstRound.epoch() + 1) + ", partition " + partition
                    + ": " + e.getMessage(), e);
        }
    }

    /** The host the executor is known by in the cluster (its block manager's), where the other tasks can reach it. */
    private static String advertisedHost() {
        return SparkEnv.get().blockManager().blockManagerId().host();
    }
}
