package dev.trainspark.pipeline.ingest;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The files of an image folder that ingest reads, from its one listing, cut into partitions by
 * their lengths. Hidden names are left out as Spark's file sources leave them out, so a folder
 * ingests the same files it did when it was read through {@code binaryFile}.
 */
final class FolderListing {
    /** A non-empty file to read on an executor. */
    record ListedFile(String path, long length) implements Serializable {
    }

    private final List<FileStatus> visible;

    FolderListing(Path root, List<FileStatus> listed) {
        String rootPath = root.toUri().getPath();
        this.visible = listed.stream().filter(s -> !hiddenBelow(rootPath, s.getPath().toUri().getPath())).toList();
    }

    /**
     * The non-empty files in path order, in {@code max(minPartitions, bytes / partitionBytes)}
     * contiguous runs of about the same bytes (never more runs than files).
     */
    List<List<ListedFile>> partitions(long partitionBytes, int minPartitions) {
        List<ListedFile> files = visible.stream().filter(s -> s.getLen() > 0)
                .map(s -> new ListedFile(s.getPath().toString(), s.getLen()))
                .sorted(Comparator.comparing(ListedFile::path))
                .toList();
        long bytes = files.stream().mapToLong(ListedFile::length).sum();
        int count = (int) Math.min(files.size(), Math.max(minPartitions, (bytes + partitionBytes - 1) / partitionBytes));
        List<List<ListedFile>> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runs.add(new ArrayList<>());
        }
        long before = 0;
        for (ListedFile file : files) {
            // A file belongs to the run its middle byte falls in.
            int run = (int) Math.min(count - 1, (long) ((before + file.length() / 2.0) / bytes * count));
            runs.get(run).add(file);
            before += file.length();
        }
        runs.removeIf(List::isEmpty);
        return runs;
    }

    /** Spark's rule for names its file sources skip, applied to each name below the root. */
    private static boolean hiddenBelow(String rootPath, String path) {
        String relative = path.startsWith(rootPath) ? path.substring(rootPath.length()) : path;
        for (String name : relative.split("/")) {
            if (!name.isEmpty() && hiddenName(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hiddenName(String name) {
        boolean exclude = (name.startsWith("_") && !name.contains("=")) || name.startsWith(".") || name.endsWith("._COPYING_");
        boolean include = name.startsWith("_common_metadata") || name.startsWith("_metadata");
        return exclude && !include;
    }
}
