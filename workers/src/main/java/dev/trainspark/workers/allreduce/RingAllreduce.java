package dev.trainspark.workers.allreduce;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One rank's place in a ring of n ranks that sum vectors among themselves, so that the tasks of a
 * barrier stage can average a network's parameters and updater state every round without sending
 * them through the driver.
 *
 * <p>A call splits the array into n nearly equal chunks. Reduce-scatter: in n-1 steps each rank
 * sends one chunk to the next rank while it receives another from the previous one and adds it to
 * its own, so that afterwards rank r holds the complete sum of chunk (r+1) mod n. All-gather: in
 * n-1 more steps the complete chunks travel once around the ring, each rank overwriting its copy.
 * Each rank thus sends 2 (n-1)/n of the array per call, whatever n is, and each link of the ring
 * is busy in every step. Chunk c is summed as d_c + d_(c+1) + ... + d_(c-1) (ranks mod n, left
 * to right) and then copied, so the result is bit-identical on all ranks and the same on every run
 * with the same number of ranks.
 *
 * <p>In each step a daemon thread ({@code trainspark-allreduce-send-<rank>}) sends while the
 * caller's thread receives: if every rank sent first, the ring would deadlock as soon as a chunk
 * outgrew the socket buffers. Both ends go through blocking NIO channels, so interrupting the
 * caller (Spark does so to kill a barrier stage) ends a blocked call with a
 * {@link ClosedByInterruptException}.
 *
 * <p>Failures end in an {@link IOException} on every rank, not a hang: a rank that sees one (a
 * length mismatch, a peer that closed, an error from the sender thread) forwards an abort frame
 * with the reason to the next rank and closes its channels; every rank forwards what it receives,
 * and a peer that vanished is seen as end of stream. A ring that failed, or was closed, stays
 * closed. A hung peer (alive but never calling) is not detected: that is the barrier's timeout.
 *
 * <p>Calls must come from one thread at a time; {@link #close()} may come from any thread.
 */
public final class RingAllreduce implements ReplicaSum {
    /**
     * Size of the direct buffers that elements go through: one system call per segment, and small
     * enough to stay in cache between the copy and the write (256 KiB was faster than 1 and 4 MiB).
     */
    static final int SEGMENT_BYTES = 1 << 18;
    /** How long a failing rank waits for a frame in flight, then for its abort frame, to go out. */
    private static final long ABORT_GRACE_MILLIS = 1000;

    private final int rank;
    private final int size;
    private final SocketChannel toNext;
    private final SocketChannel fromPrev;
    private final RingPeer next;
    private final RingPeer prev;
    private final ExecutorService sender;
    private final ByteBuffer sendBuffer;
    private final ByteBuffer receiveBuffer;
    private final ByteBuffer receiveHeader;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String closedBecause = "it was closed";
    private float[] floatScratch;
    private double[] doubleScratch;
    private int calls;

    private RingAllreduce(int rank, int size, SocketChannel toNext, SocketChannel fromPrev, RingPeer next, RingPeer prev) {
        this.rank = rank;
        this.size = size;
        this.toNext = toNext;
        this.fromPrev = fromPrev;
        this.next = next;
        this.prev = prev;
        if (size == 1) {
            sender = null;
            sendBuffer = null;
            receiveBuffer = null;
            receiveHeader = null;
        } else {
            sender = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "trainspark-allreduce-send-" + rank);
                thread.setDaemon(true);
                return thread;
            });
            sendBuffer = ByteBuffer.allocateDirect(SEGMENT_BYTES).order(RingProtocol.ORDER);
            receiveBuffer = ByteBuffer.allocateDirect(SEGMENT_BYTES).order(RingProtocol.ORDER);
            receiveHeader = ByteBuffer.allocateDirect(RingProtocol.HEADER_BYTES).order(RingProtocol.ORDER);
        }
    }

    /** A ring of one: sums are the array itself. */
    static RingAllreduce single() {
        return new RingAllreduce(0, 1, null, null, null, null);
    }

    /** A ring over connections that have passed the handshake; takes ownership of both channels. */
    static RingAllreduce connected(int rank, int size, SocketChannel toNext, SocketChannel fromPrev,
                                   RingPeer next, RingPeer prev) {
        return new RingAllreduce(rank, size, toNext, fromPrev, next, prev);
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    /**
     * Replaces data, on every rank, by the element-wise sum over ranks. Every rank must call it
     * with arrays of the same length; a mismatch fails on every rank with an IOException that
     * names both lengths. The result is bit-identical on all ranks and deterministic for a fixed
     * number of ranks. Sends about 2 (n-1)/n of the array.
     */
    @Override
    public void sumInPlace(float[] data) throws IOException {
        if (floatScratch == null && size > 1) {
            floatScratch = new float[SEGMENT_BYTES / Float.BYTES];
        }
        sum(new RingVector.Floats(data, floatScratch));
    }

    /** Same as {@link #sumInPlace(float[])} for doubles (counters, loss sums). */
    @Override
    public void sumInPlace(double[] data) throws IOException {
        if (doubleScratch == null && size > 1) {
            doubleScratch = new double[SEGMENT_BYTES / Double.BYTES];
        }
        sum(new RingVector.Doubles(data, doubleScratch));
    }

    /** Bytes this rank has written to the next rank in its calls so far (headers included). */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Closes both channels and stops the sender thread; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (sender != null) {
            sender.shutdownNow();
        }
        Sockets.closeQuietly(toNext);
        Sockets.closeQuietly(fromPrev);
    }

    private void sum(RingVector vector) throws IOException {
        if (closed.get()) {
            throw new IOException("the ring allreduce of rank " + rank + " is closed: " + closedBecause);
        }
        if (size == 1) {
            return;
        }
        int call = ++calls;
        RingChunks chunks = new RingChunks(vector.length(), size);
        int steps = 2 * (size - 1);
        Future<?> inFlight = null;
        boolean sending = false;
        try {
            for (int step = 0; step < steps; step++) {
                boolean reducing = step < size - 1;
                // Reduce-scatter step s sends chunk r-s and receives r-s-1; all-gather step s
                // sends r+1-s (complete after reduce-scatter) and receives r-s.
                int s = reducing ? step : step - (size - 1);
                int sendChunk = Math.floorMod(reducing ? rank - s : rank + 1 - s, size);
                int receiveChunk = Math.floorMod(reducing ? rank - s - 1 : rank - s, size);
                Frame outgoing = new Frame(vector, call, step, chunks.offset(sendChunk), chunks.size(sendChunk));
                inFlight = sender.submit(() -> {
                    send(outgoing);
                    return null;
                });
                receive(new Frame(vector, call, step, chunks.offset(receiveChunk), chunks.size(receiveChunk)),
                        reducing, steps);
                sending = true;
                awaitSend(inFlight);
                sending = false;
                inFlight = null;
            }
        } catch (RejectedExecutionException e) {
            throw fail(new IOException("the ring allreduce of rank " + rank + " was closed during call #" + call
                    + " of sumInPlace", e), inFlight);
        } catch (IOException | RuntimeException e) {
            // A send fails when the next rank hung up, most often because it failed itself; the
            // reason is then on its way around the ring, and is what this rank should report.
            boolean nextHungUp = sending && e instanceof IOException && !(e instanceof ClosedByInterruptException);
            throw fail(nextHungUp ? reasonFromUpstream((IOException) e) : e, inFlight);
        }
    }

    /**
     * Reads on from the previous rank, skipping data frames, for an abort frame that explains why
     * the next rank hung up; gives up after {@link #ABORT_GRACE_MILLIS} or at the end of the stream.
     * Called at a frame boundary.
     */
    private IOException reasonFromUpstream(IOException sendError) {
        Future<?> watchdog;
        try {
            watchdog = sender.submit(() -> {
                Thread.sleep(ABORT_GRACE_MILLIS);
                Sockets.closeQuietly(fromPrev);
                return null;
            });
        } catch (RejectedExecutionException closedMeanwhile) {
            return sendError;
        }
        try {
            while (true) {
                ByteBuffer header = receiveHeader;
                header.clear();
                readFully(header);
                header.flip();
                int tag = header.getInt();
                if (tag == RingProtocol.ABORT) {
                    PeerAbort abort = readAbort(header);
                    abort.addSuppressed(sendError);
                    return abort;
                }
                int elementBytes = header.getInt();
                long bytes = (long) elementBytes * header.getInt(RingProtocol.HEADER_BYTES - Integer.BYTES);
                if (tag != RingProtocol.DATA || (elementBytes != Float.BYTES && elementBytes != Double.BYTES) || bytes < 0) {
                    return sendError;
                }
                for (long left = bytes; left > 0; ) {
                    ByteBuffer skipped = receiveBuffer;
                    skipped.clear().limit((int) Math.min(left, skipped.capacity()));
                    readFully(skipped);
                    left -= skipped.limit();
                }
            }
        } catch (ClosedByInterruptException e) {
            return e;
        } catch (IOException e) {
            return sendError;
        } finally {
            watchdog.cancel(true);
        }
    }

    /** One step's run of elements, and what its header says so the receiver can check it matches. */
    private record Frame(RingVector vector, int call, int step, int offset, int count) {
        void putHeader(ByteBuffer buffer) {
            buffer.putInt(RingProtocol.DATA).putInt(vector.bytesPerElement()).putInt(vector.length())
                    .putInt(call).putInt(step).putInt(count);
        }
    }

    /** Runs on the sender thread: the header and the first elements share a write, then one write per segment. */
    private void send(Frame frame) throws IOException {
        int elementBytes = frame.vector().bytesPerElement();
        int done = 0;
        ByteBuffer buffer = sendBuffer;
        buffer.clear();
        frame.putHeader(buffer);
        do {
            int count = Math.min(frame.count() - done, buffer.remaining() / elementBytes);
            frame.vector().copyTo(buffer, frame.offset() + done, count);
            done += count;
            buffer.flip();
            writeFully(buffer);
            buffer.clear();
        } while (done < frame.count());
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        try {
            while (buffer.hasRemaining()) {
                bytesSent.addAndGet(toNext.write(buffer));
            }
        } catch (ClosedByInterruptException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("sending to " + next + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs on the caller's thread: checks the header, then adds or copies the elements segment by segment. */
    private void receive(Frame expected, boolean add, int steps) throws IOException {
        ByteBuffer header = receiveHeader;
        header.clear();
        readFully(header, expected, steps);
        header.flip();
        int tag = header.getInt();
        if (tag == RingProtocol.ABORT) {
            throw readAbort(header);
        }
        if (tag != RingProtocol.DATA) {
            throw new IOException(String.format("%s sent a garbled frame (tag 0x%08x) in step %d of call #%d",
                    prev, tag, expected.step() + 1, expected.call()));
        }
        int elementBytes = header.getInt();
        int length = header.getInt();
        int call = header.getInt();
        int step = header.getInt();
        int count = header.getInt();
        RingVector vector = expected.vector();
        if (elementBytes != vector.bytesPerElement()) {
            throw new IOException("rank " + rank + " called " + RingProtocol.kindName(vector.bytesPerElement())
                    + " but " + prev + " called " + RingProtocol.kindName(elementBytes));
        }
        if (length != vector.length()) {
            throw new IOException("length mismatch in sumInPlace: rank " + rank + " has " + vector.length()
                    + " elements, " + prev + " has " + length);
        }
        if (call != expected.call()) {
            throw new IOException("call mismatch: rank " + rank + " is in its call #" + expected.call()
                    + " of sumInPlace, " + prev + " in its call #" + call);
        }
        if (step != expected.step() || count != expected.count()) {
            throw new IOException("protocol error: " + prev + " sent step " + step + " with " + count
                    + " elements, rank " + rank + " expected step " + expected.step() + " with " + expected.count());
        }
        ByteBuffer buffer = receiveBuffer;
        int capacity = buffer.capacity() / elementBytes;
        for (int done = 0; done < count; ) {
            int segment = Math.min(count - done, capacity);
            buffer.clear().limit(segment * elementBytes);
            readFully(buffer, expected, steps);
            buffer.flip();
            if (add) {
                vector.addFrom(buffer, expected.offset() + done, segment);
            } else {
                vector.copyFrom(buffer, expected.offset() + done, segment);
            }
            done += segment;
        }
    }

    private void readFully(ByteBuffer buffer, Frame expected, int steps) throws IOException {
        while (buffer.hasRemaining()) {
            int read;
            try {
                read = fromPrev.read(buffer);
            } catch (ClosedByInterruptException e) {
                throw e;
            } catch (IOException e) {
                String where = " during call #" + expected.call() + " of sumInPlace (step " + (expected.step() + 1)
                        + " of " + steps + ")";
                if (closed.get()) {
                    throw new IOException("the ring allreduce of rank " + rank + " was closed" + where, e);
                }
                throw new IOException("receiving from " + prev + " failed" + where + ": " + e, e);
            }
            if (read < 0) {
                throw new IOException(prev + " closed the connection during call #" + expected.call()
                        + " of sumInPlace (step " + (expected.step() + 1) + " of " + steps + ")");
            }
        }
    }

    private void awaitSend(Future<?> inFlight) throws IOException {
        try {
            while (true) {
                try {
                    inFlight.get(100, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException e) {
                    // A send that close() dropped before it started would never complete.
                    if (closed.get()) {
                        throw new IOException("the ring allreduce of rank " + rank + " was closed during a call");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ClosedByInterruptException interrupted = new ClosedByInterruptException();
            interrupted.addSuppressed(e);
            throw interrupted;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("the sender thread of rank " + rank + " failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Makes the ring unusable and, unless the caller was interrupted, tells the next rank why, so
     * that the failure travels around the ring with its reason. Returns what the caller throws.
     */
    private IOException fail(Exception cause, Future<?> inFlight) {
        IOException thrown = cause instanceof IOException io ? io
                : new IOException("sumInPlace failed on rank " + rank + ": " + cause, cause);
        int origin = cause instanceof PeerAbort abort ? abort.origin : rank;
        String reason = cause instanceof PeerAbort abort ? abort.reason : thrown.getMessage();
        closedBecause = "an earlier call failed: " + thrown.getMessage();
        boolean interrupted = cause instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted();
        if (!interrupted && !closed.get()) {
            try {
                // The abort frame must start where a frame ends: only after the one in flight went out whole.
                if (inFlight != null) {
                    inFlight.get(ABORT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
                }
                sender.submit(() -> {
                    sendAbort(origin, reason);
                    return null;
                }).get(ABORT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                // The next rank is gone or not reading: closing the connection tells it instead.
            }
        }
        close();
        return thrown;
    }

    private void sendAbort(int origin, String reason) throws IOException {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, RingProtocol.MAX_REASON_BYTES);
        ByteBuffer buffer = sendBuffer;
        buffer.clear();
        buffer.putInt(RingProtocol.ABORT).putInt(origin).putInt(length).putInt(0).putInt(0).putInt(0);
        buffer.put(text, 0, length).flip();
        writeFully(buffer);
    }

    /** An abort frame from the previous rank: the failure started at {@code origin}. */
    private static final class PeerAbort extends IOException {
        final int origin;
        final String reason;

        private PeerAbort(int origin, String reason) {
            super("the allreduce was aborted by rank " + origin + ": " + reason);
            this.origin = origin;
            this.reason = reason;
        }
    }

    /** Reads the reason of an abort frame whose header has been read up to its tag. */
    private PeerAbort readAbort(ByteBuffer header) throws IOException {
        int origin = header.getInt();
        int reasonBytes = header.getInt();
        if (reasonBytes < 0 || reasonBytes > RingProtocol.MAX_REASON_BYTES) {
            throw new IOException(prev + " sent an abort frame with a reason of " + reasonBytes + " bytes");
        }
        ByteBuffer text = ByteBuffer.allocate(reasonBytes);
        readFully(text);
        return new PeerAbort(origin, new String(text.array(), StandardCharsets.UTF_8));
    }

    /** Reads until the buffer is full; the caller words the errors. */
    private void readFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (fromPrev.read(buffer) < 0) {
                throw new IOException(prev + " closed the connection in the middle of a frame");
            }
        }
    }
}
