package dev.trainspark.pipeline.ingest;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FolderListingTest {
    private static final Path ROOT = new Path("file:/data/images");

    private static FileStatus file(String relative, long length) {
        return new FileStatus(length, false, 1, 1, 0, new Path(ROOT, relative));
    }

    private static List<String> names(List<List<FolderListing.ListedFile>> runs) {
        return runs.stream().flatMap(List::stream).map(f -> f.path().substring(ROOT.toString().length() + 1)).toList();
    }

    @Test
    void leavesOutWhatSparksFileSourcesLeaveOutAndEmptyFiles() {
        List<FileStatus> listed = List.of(file("1/b.png", 10), file("0/a.png", 10), file("0/.DS_Store", 10),
                file("0/_x.png", 10), file("0/a.png._COPYING_", 10), file(".thumbs/c.png", 10),
                file("_tmp/d.png", 10), file("1/.hidden/e.png", 10), file("0/empty.png", 0),
                file("k=1/_f=2.png", 10), file("0/_metadata", 10), file("stray.png", 10));

        List<List<FolderListing.ListedFile>> runs = new FolderListing(ROOT, listed).partitions(1 << 20, 1);

        assertEquals(List.of("0/_metadata", "0/a.png", "1/b.png", "k=1/_f=2.png", "stray.png"), names(runs));
    }

    @Test
    void cutsPathOrderedRunsOfAboutEqualBytesAtLeastOnePerCore() {
        List<FileStatus> listed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            listed.add(file(String.format("%d/%03d.png", i % 3, i), 1000 + 10L * i));
        }
        long bytes = listed.stream().mapToLong(FileStatus::getLen).sum();

        List<List<FolderListing.ListedFile>> perCore = new FolderListing(ROOT, listed).partitions(1 << 20, 4);
        assertEquals(4, perCore.size());
        assertEquals(100, names(perCore).size());
        assertEquals(names(perCore).stream().sorted().toList(), names(perCore), "runs are contiguous in path order");
        for (List<FolderListing.ListedFile> run : perCore) {
            long runBytes = run.stream().mapToLong(FolderListing.ListedFile::length).sum();
            assertTrue(Math.abs(runBytes - bytes / 4.0) <= 2000, "run of " + runBytes + " bytes, total " + bytes);
        }

        List<List<FolderListing.ListedFile>> bySize = new FolderListing(ROOT, listed).partitions(bytes / 10 - 1, 2);
        assertEquals(11, bySize.size(), "ceil(bytes / partition bytes) runs when that is more than the cores");
    }

    @Test
    void neverMoreRunsThanFiles() {
        List<FileStatus> listed = List.of(file("0/a.png", 5), file("1/b.png", 500_000));

        List<List<FolderListing.ListedFile>> runs = new FolderListing(ROOT, listed).partitions(1 << 20, 8);

        assertEquals(2, runs.size());
        assertEquals(List.of(), new FolderListing(ROOT, List.of(file("0/empty.png", 0))).partitions(1 << 20, 8));
    }
}
