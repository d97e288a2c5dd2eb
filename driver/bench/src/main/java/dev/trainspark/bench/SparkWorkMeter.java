package dev.trainspark.bench;

import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the executors spent while it was open: jobs started, task CPU time and shuffle bytes
 * written, from Spark's own task metrics. Wall time on a shared machine is noisy; CPU time and
 * the shuffle volume are not.
 */
final class SparkWorkMeter extends SparkListener implements AutoCloseable {
    private final SparkContext context;
    private final AtomicLong jobs = new AtomicLong();
    private final AtomicLong cpuNanos = new AtomicLong();
    private final AtomicLong shuffleBytes = new AtomicLong();
    private boolean closed;

    SparkWorkMeter(SparkContext context) {
        this.context = context;
        context.addSparkListener(this);
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        jobs.incrementAndGet();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        TaskMetrics m = taskEnd.taskMetrics();
        if (m != null) {
            cpuNanos.addAndGet(m.executorCpuTime());
            shuffleBytes.addAndGet(m.shuffleWriteMetrics().bytesWritten());
        }
    }

    long jobs() {
        return jobs.get();
    }

    double executorCpuSeconds() {
        return cpuNanos.get() / 1e9;
    }

    long shuffleBytesWritten() {
        return shuffleBytes.get();
    }

    /** Stops counting once the events of the jobs already run have been delivered (the bus lags). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            context.listenerBus().waitUntilEmpty(10_000);
        } catch (TimeoutException e) {
            // figures from a lagging bus are a little low; not worth failing a benchmark for
        }
        context.removeSparkListener(this);
    }
}
