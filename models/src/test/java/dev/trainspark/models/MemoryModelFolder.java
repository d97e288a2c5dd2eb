package dev.trainspark.models;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A model folder held in memory, for tests that write a model and read it back. */
final class MemoryModelFolder implements ModelFolder {
    private final Map<String, byte[]> files = new TreeMap<>();

    @Override
    public void write(String name, byte[] bytes) {
        files.put(name, bytes.clone());
    }

    @Override
    public byte[] read(String name) throws IOException {
        byte[] bytes = files.get(name);
        if (bytes == null) {
            throw new IOException(name + " is missing");
        }
        return bytes;
    }

    @Override
    public boolean exists(String name) {
        return files.containsKey(name);
    }

    /** The names written so far, sorted. */
    Set<String> names() {
        return files.keySet();
    }

    /** Forgets a file, as if it had never been written (e.g. a folder from before the file existed). */
    void remove(String name) {
        files.remove(name);
    }
}
