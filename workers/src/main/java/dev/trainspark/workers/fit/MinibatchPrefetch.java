package dev.trainspark.workers.fit;

import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Hands out what {@code assemble} makes for the indices {@code first .. last-1}, in order, while
 * one background thread assembles up to {@code depth} of the following ones ahead, so the fit loop
 * does not wait for augmentation. With depth 0 each one is assembled on the caller's thread when
 * asked for: the sequential loop. Either way the results are the same, as long as {@code assemble}
 * depends on nothing but its index; it must not touch ND4J (whose workspaces and RNG are per thread).
 *
 * <p>An exception thrown by {@code assemble} reaches the caller of {@link #next()} as it was thrown.
 */
final class MinibatchPrefetch<T> implements AutoCloseable {
    private final IntFunction<T> assemble;
    private final int last;
    private final ExecutorService thread;
    private final ArrayDeque<Future<T>> ahead = new ArrayDeque<>();
    private int nextToSubmit;
    private int nextToTake;

    MinibatchPrefetch(int first, int last, int depth, String threadName, IntFunction<T> assemble) {
        if (depth < 0) {
            throw new IllegalArgumentException("prefetch depth is " + depth + "; accepted: an integer >= 0");
        }
        this.assemble = assemble;
        this.last = last;
        this.nextToSubmit = first;
        this.nextToTake = first;
        this.thread = depth == 0 || first >= last ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        while (thread != null && nextToSubmit < last && ahead.size() < depth) {
            submitNext();
        }
    }

    T next() {
        if (nextToTake >= last) {
            throw new IllegalStateException("all " + last + " minibatches were taken");
        }
        int index = nextToTake++;
        if (thread == null) {
            return assemble.apply(index);
        }
        Future<T> current = ahead.poll();
        // Refill at once: the thread assembles the next one while this one is fitted.
        if (nextToSubmit < last) {
            submitNext();
        }
        return await(current);
    }

    private void submitNext() {
        int index = nextToSubmit++;
        ahead.add(thread.submit(() -> assemble.apply(index)));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the next minibatch");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("assembling a minibatch failed", cause);
        }
    }

    /** Stops the thread; minibatches assembled but not taken are dropped. */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
