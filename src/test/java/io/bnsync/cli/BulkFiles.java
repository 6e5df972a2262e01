package io.bnsync.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bulk a cluster test leaves in its executors' and containers' folders: every executor JVM gets its own copy
 * of the 265 MB application jar and extracts ~450 MB of natives into its own {@code javacpp-cache}. A whole
 * {@code mvn verify} left over 20 GB of them, enough to fill a CI machine's disk (HDFS then refuses blocks and
 * executors die at launch). The tests delete them once a test is done; logs and everything else stay.
 */
final class BulkFiles {
    private BulkFiles() {
    }

    /** Deletes every {@code *.jar} file and every {@code javacpp-cache} folder below {@code root}. */
    static void prune(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> bulk = paths.filter(BulkFiles::isBulk).toList();
            for (Path p : bulk) {
                deleteTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isBulk(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        return name.equals("javacpp-cache") && Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                || name.endsWith(".jar") && !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return; // inside a javacpp-cache deleted before
        }
        try (Stream<Path> tree = Files.walk(p)) {
            for (Path q : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
