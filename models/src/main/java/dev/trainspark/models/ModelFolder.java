package dev.trainspark.models;

import java.io.IOException;

/**
 * The folder a {@link SavedModel} is written to or read from, by relative file name. The caller
 * decides where it lives (a local folder, HDFS, S3), so this module needs no file-system library.
 */
public interface ModelFolder {
    void write(String name, byte[] bytes) throws IOException;

    /** The file's bytes; an exception naming the file when it is missing. */
    byte[] read(String name) throws IOException;

    boolean exists(String name) throws IOException;
}
