package dev.trainspark.pipeline.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local file system's listing and reads, which go around Hadoop's per-file status lookups. */
class LocalListingTest {
    private final HadoopFiles files = new HadoopFiles(new Configuration());

    /** What a listing says about one file, as Hadoop's own listing says it. */
    private record Listed(String path, long length, long modified) {
    }

    @Test
    void listsWhatHadoopsOwnListingListsWithTheSamePathsLengthsAndTimes(@TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path root = tmp.resolve("images");
        for (String name : List.of("0/a.png", "0/b c.png", "0/colon:name.png", "1/sub/d.png", "1/.hidden.png",
                "1/.e.png.crc", "1/empty.png", "stray.png", "_x/f.png")) {
            java.nio.file.Path file = root.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[name.length()]);
        }
        Files.write(root.resolve("1/empty.png"), new byte[0]);
        Files.createDirectories(root.resolve("2/nothing"));
        Files.createSymbolicLink(root.resolve("0/link.png"), root.resolve("stray.png"));
        Files.createSymbolicLink(root.resolve("0/dangling.png"), root.resolve("gone.png"));
        Path dir = files.qualify(root.toString());
        ChecksumFileSystem checksummed = (ChecksumFileSystem) files.fs(dir);

        List<Listed> listed = listed(files.filesUnder(dir));

        assertEquals(listed(hadoopListing(checksummed, dir)), listed);
        assertTrue(listed.stream().noneMatch(f -> f.path().endsWith(".crc")), "the checksummed file system hides side files");
        assertTrue(listed.stream().anyMatch(f -> f.path().endsWith("/0/link.png") && f.length() == "stray.png".length()),
                "a link is listed as the file it points to");
        assertEquals(9, listed.size(), listed.toString());
    }

    @Test
    void aMissingFolderIsNotFound(@TempDir java.nio.file.Path tmp) {
        assertThrows(FileNotFoundException.class, () -> files.filesUnder(files.qualify(tmp.resolve("none").toString())));
    }

    @Test
    void theRawLocalFileSystemReadsWholeFilesAndAMissingFileIsNotFound(@TempDir java.nio.file.Path tmp) throws Exception {
        byte[] content = new byte[70_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Files.write(tmp.resolve("a.bin"), content);
        FileSystem raw = files.uncheckedFs(files.qualify(tmp.toString()));

        assertArrayEquals(content, HadoopFiles.readBytes(raw, files.qualify(tmp.resolve("a.bin").toString())));
        assertThrows(FileNotFoundException.class,
                () -> HadoopFiles.readBytes(raw, files.qualify(tmp.resolve("missing.bin").toString())));
        assertThrows(FileNotFoundException.class, () -> HadoopFiles.readBytes(raw, files.qualify(tmp.toString())));
    }

    private static List<FileStatus> hadoopListing(FileSystem fs, Path dir) throws Exception {
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

    private static List<Listed> listed(List<FileStatus> statuses) {
        return statuses.stream().map(s -> new Listed(s.getPath().toString(), s.getLen(), s.getModificationTime()))
                .sorted(Comparator.comparing(Listed::path)).toList();
    }
}
