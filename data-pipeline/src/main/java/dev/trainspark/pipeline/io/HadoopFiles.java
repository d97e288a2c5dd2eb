package dev.trainspark.pipeline.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Whole-file reads and atomic writes through the Hadoop FileSystem API. A write goes to a hidden
 * sibling first and is renamed into place, so a reader never sees half a file.
 */
public final class HadoopFiles {
    private final Configuration conf;

    public HadoopFiles(Configuration conf) {
        this.conf = conf;
    }

    public Configuration conf() {
        return conf;
    }

    public FileSystem fs(Path path) {
        try {
            return path.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + path, e);
        }
    }

    public Path qualify(String uri) {
        Path path = new Path(uri);
        return fs(path).makeQualified(path);
    }

    /**
     * A path as an error message names it: as given, quoted, and the absolute path that was tried
     * when it differs, e.g. {@code 'small' (/home/u/small)}; a local file shows without its scheme.
     */
    public static String named(String given, Path qualified) {
        String tried = "file".equals(qualified.toUri().getScheme()) ? qualified.toUri().getPath() : qualified.toString();
        return "'" + given + "'" + (tried.equals(given) ? "" : " (" + tried + ")");
    }

    public boolean exists(Path path) {
        try {
            return fs(path).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path, e);
        }
    }

    public boolean isDirectory(Path path) {
        try {
            return fs(path).getFileStatus(path).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    public byte[] readBytes(Path path) throws IOException {
        try (InputStream in = fs(path).open(path)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    public String readString(Path path) throws IOException {
        return new String(readBytes(path), StandardCharsets.UTF_8);
    }

    public void writeString(Path path, String text) throws IOException {
        writeBytes(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes to a hidden sibling, then renames over the target. */
    public void writeBytes(Path path, byte[] bytes) throws IOException {
        FileSystem fs = fs(path);
        Path tmp = new Path(path.getParent(), "." + path.getName() + ".tmp");
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
        }
        moveIntoPlace(fs, tmp, path);
    }

    /** Renames a finished file or directory over {@code target}, replacing what was there. */
    public void moveIntoPlace(Path source, Path target) throws IOException {
        moveIntoPlace(fs(target), source, target);
    }

    private static void moveIntoPlace(FileSystem fs, Path source, Path target) throws IOException {
        if (fs.exists(target)) {
            fs.delete(target, true);
        }
        fs.mkdirs(target.getParent());
        if (!fs.rename(source, target)) {
            throw new IOException("could not rename " + source + " to " + target);
        }
    }

    public void delete(Path path) throws IOException {
        fs(path).delete(path, true);
    }

    /** Creates the folder and its parents; fails (rather than returning false) when it cannot. */
    public void mkdirs(Path path) throws IOException {
        if (!fs(path).mkdirs(path)) {
            throw new IOException("could not create folder " + path);
        }
    }
}
