package io.bnsync.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The bulk a cluster test leaves in its executors' and containers' folders: every executor JVM gets its own copy
 * of the 265 MB application jar and extracts ~450 MB of natives into its own {@code javacpp-cache}. A whole
 * {@code mvn verify} left over 20 GB of them, enough to fill a CI machine's disk (HDFS then refuses blocks and
 * executors die at launch). The tests delete them once a test is done; logs and everything else stay. A cluster
 * may still be deleting a finished container's folder while this walks it: what vanishes meanwhile is skipped
 * (a YARN test once failed on a {@code .launch_container.sh.crc} the NodeManager had just removed).
 */
final class BulkFiles {
    private BulkFiles() {
    }

    /** Deletes every {@code *.jar} file and every {@code javacpp-cache} folder below {@code root}. */
    static void prune(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> bulk = new ArrayList<>();
        try {
            Files.walkFileTree(root, new VanishingTolerantVisitor() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.getFileName() != null && dir.getFileName().toString().equals("javacpp-cache")) {
                        bulk.add(dir);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.getFileName().toString().endsWith(".jar") && !attrs.isDirectory()) {
                        bulk.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            for (Path p : bulk) {
                deleteTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        Files.walkFileTree(p, new VanishingTolerantVisitor() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                super.postVisitDirectory(dir, e);
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Walks on past files and folders that disappear during the walk; other errors still fail it. */
    private static class VanishingTolerantVisitor extends SimpleFileVisitor<Path> {
        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
                throw e;
            }
            return FileVisitResult.CONTINUE;
        }
    }
}
