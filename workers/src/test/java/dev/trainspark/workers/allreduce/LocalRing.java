package dev.trainspark.workers.allreduce;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** n ranks of a ring on localhost, each rank run on its own thread as a barrier task would. */
final class LocalRing implements AutoCloseable {
    /** What one rank does with its ring. */
    interface RankBody {
        void run(RingAllreduce ring) throws Exception;
    }

    private final List<RingAllreduce> ranks;
    private final ExecutorService threads;

    private LocalRing(List<RingAllreduce> ranks, ExecutorService threads) {
        this.ranks = ranks;
        this.threads = threads;
    }

    static LocalRing of(int n) throws Exception {
        List<RingEndpoint> endpoints = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            endpoints.add(RingEndpoint.open("127.0.0.1"));
        }
        List<String> addresses = endpoints.stream().map(RingEndpoint::address).toList();
        String secret = RingSecret.newSecret();
        ExecutorService threads = Executors.newFixedThreadPool(n);
        List<Future<RingAllreduce>> joins = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            int rank = r;
            joins.add(threads.submit(() -> endpoints.get(rank).join(rank, addresses, secret, 10_000)));
        }
        List<RingAllreduce> ranks = new ArrayList<>();
        for (Future<RingAllreduce> join : joins) {
            ranks.add(join.get());
        }
        return new LocalRing(ranks, threads);
    }

    RingAllreduce rank(int r) {
        return ranks.get(r);
    }

    int size() {
        return ranks.size();
    }

    /** Runs body on every rank at once; returns what each rank threw, null where it returned. */
    List<Throwable> runAll(RankBody body) throws Exception {
        List<Future<Throwable>> outcomes = new ArrayList<>();
        for (RingAllreduce ring : ranks) {
            outcomes.add(threads.submit(() -> {
                try {
                    body.run(ring);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }));
        }
        List<Throwable> thrown = new ArrayList<>();
        for (Future<Throwable> outcome : outcomes) {
            thrown.add(outcome.get());
        }
        return thrown;
    }

    /** Runs body on every rank and fails with the first rank's error, if any. */
    void runAllOk(RankBody body) throws Exception {
        List<Throwable> thrown = runAll(body);
        for (int r = 0; r < thrown.size(); r++) {
            if (thrown.get(r) != null) {
                throw new AssertionError("rank " + r + " failed: " + thrown.get(r), thrown.get(r));
            }
        }
    }

    @Override
    public void close() {
        ranks.forEach(RingAllreduce::close);
        threads.shutdownNow();
    }
}
