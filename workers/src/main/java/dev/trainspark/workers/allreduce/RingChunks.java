package dev.trainspark.workers.allreduce;

/**
 * The split of a vector of {@code length} elements into {@code parts} nearly equal chunks: the
 * first {@code length % parts} chunks hold one element more. Chunks may be empty when
 * {@code length < parts}.
 */
record RingChunks(int length, int parts) {

    int offset(int chunk) {
        int base = length / parts;
        return chunk * base + Math.min(chunk, length % parts);
    }

    int size(int chunk) {
        return length / parts + (chunk < length % parts ? 1 : 0);
    }
}
