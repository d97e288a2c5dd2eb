package dev.trainspark.pipeline.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Whole-file reads and atomic writes through the Hadoop FileSystem API. A write goes to a hidden
 * sibling first and is renamed into place, so a reader never sees half a file. On the local file
 * system files are written without Hadoop's hidden {@code .crc} side files, which would double the
 * files of a folder; what needs an integrity check carries its own digest.
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

    /**
     * The file system of {@code path} without the local file system's checksum layer, which for
     * each file read checks its status, looks up its owner and throws (and catches) a
     * FileNotFoundException for the missing {@code .crc} side file: on a folder of small images that
     * cost more than decoding them. Other file systems as they are. Looked up once for many reads:
     * each lookup goes through a cache keyed by the current user.
     */
    public FileSystem uncheckedFs(Path path) {
        return withoutChecksums(fs(path));
    }

    private static FileSystem withoutChecksums(FileSystem fs) {
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    /**
     * The whole file at {@code path}, read from {@code fs}. From the raw local file system the file
     * is opened where that file system maps the path, as its own {@code open} does, but without the
     * status lookup it makes first (five {@code stat} calls and a qualified path per file) or its
     * buffered stream: the length is known on opening, so the bytes are read in one array, once.
     * A missing file or a folder still fails with {@link FileNotFoundException}.
     */
    public static byte[] readBytes(FileSystem fs, Path path) throws IOException {
        if (fs instanceof RawLocalFileSystem local) {
            try (InputStream in = new FileInputStream(local.pathToFile(path))) {
                return in.readAllBytes();
            }
        }
        try (InputStream in = fs.open(path)) {
            return in.readAllBytes();
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
        try (FSDataOutputStream out = create(tmp)) {
            out.write(bytes);
        }
        moveIntoPlace(fs, tmp, path);
    }

    /**
     * A new file, replacing any file of that name (and, on the local file system, the checksum side
     * file an earlier writer may have left, which would no longer match).
     */
    public FSDataOutputStream create(Path path) throws IOException {
        FileSystem fs = fs(path);
        if (fs instanceof ChecksumFileSystem checksummed) {
            checksummed.delete(path, false);
            return checksummed.getRawFileSystem().create(path, true);
        }
        return fs.create(path, true);
    }

    /**
     * Creates {@code path} with {@code bytes} only if no file of that name exists, as one atomic step
     * where the file system offers one (the local file system, HDFS); false when it exists.
     */
    public boolean createNew(Path path, byte[] bytes) throws IOException {
        FileSystem fs = fs(path);
        if (fs instanceof LocalFileSystem local) {
            try {
                Files.write(local.pathToFile(path).toPath(), bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            }
        }
        try (FSDataOutputStream out = fs.create(path, false)) {
            out.write(bytes);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /**
     * Deletes the hidden {@code .crc} side files under {@code dir} that the local file system leaves
     * beside each file Spark writes (part files, {@code _SUCCESS}); does nothing on other file
     * systems. Readers do without them: a file with no side file is read unchecked.
     */
    public void dropChecksumFiles(Path dir) throws IOException {
        if (!(fs(dir) instanceof ChecksumFileSystem checksummed) || !checksummed.exists(dir)) {
            return;
        }
        FileSystem raw = checksummed.getRawFileSystem();
        for (FileStatus file : filesUnder(raw, dir)) {
            if (ChecksumFileSystem.isChecksumFile(file.getPath())) {
                raw.delete(file.getPath(), false);
            }
        }
    }

    /**
     * Every file under {@code dir} and its subfolders, listed folder by folder. Not {@link
     * FileSystem#listFiles}: on the local file system that reads each file's permissions, which
     * starts a process per file (minutes for a folder of many small images).
     */
    public List<FileStatus> filesUnder(Path dir) throws IOException {
        return filesUnder(fs(dir), dir);
    }

    private static List<FileStatus> filesUnder(FileSystem fs, Path dir) throws IOException {
        FileSystem raw = withoutChecksums(fs);
        if (raw instanceof RawLocalFileSystem local) {
            return localFilesUnder(local, dir, raw != fs);
        }
        List<FileStatus> found = new ArrayList<>();
        Deque<Path> folders = new ArrayDeque<>(List.of(dir));
        while (!folders.isEmpty()) {
            for (FileStatus status : fs.listStatus(folders.pop())) {
                if (status.isDirectory()) {
                    folders.push(status.getPath());
                } else {
                    found.add(status);
                }
            }
        }
        return found;
    }

    /**
     * {@link #filesUnder(FileSystem, Path)} on the local file system: the same files with the same
     * paths, lengths and times, and the checksum side files left out when the checksummed file
     * system lists, but each entry looked up once. Hadoop's local listing makes a status per name
     * with five {@code stat} calls and two parsed paths, which on a folder of small images took
     * longer than the Spark job's start. Names that vanish between listing and lookup are left out,
     * as Hadoop leaves them out.
     */
    private static List<FileStatus> localFilesUnder(RawLocalFileSystem fs, Path dir, boolean skipChecksumFiles)
            throws IOException {
        long blockSize = fs.getDefaultBlockSize(dir);
        List<FileStatus> found = new ArrayList<>();
        Deque<Path> folders = new ArrayDeque<>(List.of(fs.makeQualified(dir)));
        while (!folders.isEmpty()) {
            Path folder = folders.pop();
            java.nio.file.Path local = fs.pathToFile(folder).toPath();
            try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(local)) {
                for (java.nio.file.Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (skipChecksumFiles && name.startsWith(".") && name.endsWith(".crc")) {
                        continue;
                    }
                    BasicFileAttributes attributes;
                    try {
                        attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                    } catch (NoSuchFileException e) {
                        continue;
                    }
                    Path path = new Path(folder, new Path(null, null, name));
                    if (attributes.isDirectory()) {
                        folders.push(path);
                    } else {
                        found.add(new FileStatus(attributes.size(), false, 1, blockSize,
                                attributes.lastModifiedTime().toMillis(), path));
                    }
                }
            } catch (NoSuchFileException e) {
                throw new FileNotFoundException("File " + folder + " does not exist");
            }
        }
        return found;
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
