package dev.trainspark.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Peak live heap of this JVM while it runs: a daemon thread asks for a full collection every
 * {@code periodMillis}, and the JVM's own report of each such collection gives the heap pools'
 * use right after it (before any thread allocates again), so garbage is not counted as use. A peak
 * between two samples can be missed; the period bounds how short such a peak is. The figure is
 * this JVM's: the driver alone only when executors run in other JVMs.
 */
final class DriverHeapSampler implements AutoCloseable {
    private final Thread thread;
    private final long periodMillis;
    private final Set<String> heapPools = new HashSet<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onCollection;
    private final Object lock = new Object();
    private volatile boolean running = true;
    private long first = -1;
    private long peak = -1;
    private int samples;

    DriverHeapSampler(long periodMillis) {
        this.periodMillis = periodMillis;
        ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .forEach(p -> heapPools.add(p.getName()));
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        System.gc();
        this.thread = new Thread(this::loop, "driver-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void onCollection(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        if (!"System.gc()".equals(info.getGcCause())) {
            return; // after a young collection the old generation still holds garbage
        }
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        synchronized (lock) {
            if (peak < 0) {
                first = used;
            }
            peak = Math.max(peak, used);
            samples++;
        }
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            System.gc();
        }
    }

    /** Live heap at the first full collection, taken as the sampler started. */
    long before() {
        synchronized (lock) {
            return first;
        }
    }

    long peak() {
        synchronized (lock) {
            return peak;
        }
    }

    int samples() {
        synchronized (lock) {
            return samples;
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.gc();
        // notifications arrive on another thread, shortly after the collection
        long deadline = System.currentTimeMillis() + 2_000;
        int seen = samples();
        while (samples() == seen && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (Exception e) {
                // already removed
            }
        }
    }
}
