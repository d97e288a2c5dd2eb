package dev.trainspark.driver.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's own files (deploy/, conf/), found from whichever module folder the test runs in. */
final class RepoFiles {
    private RepoFiles() {
    }

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy")) && Files.isDirectory(p.resolve("conf"))) {
                return p;
            }
        }
        throw new IllegalStateException("no deploy/ and conf/ above " + Path.of("").toAbsolutePath());
    }
}
