package io.bnsync.pipeline;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads the text files of an existing run directory (local path or any Hadoop URI), for commands
 * that work on a finished run. A missing or unreadable directory or required file is an
 * {@link OutputException} naming it (CLI exit code 2).
 */
public final class RunFiles {
    public static final String METRICS_JSONL = "metrics.jsonl";
    /** {@code EvaluationReport.toJson()} of the final test evaluation. */
    public static final String EVALUATION_JSON = "evaluation.json";

    private final String uri;
    private final Path root;
    private final FileSystem fs;

    private RunFiles(String uri, Path root, FileSystem fs) {
        this.uri = uri;
        this.root = root;
        this.fs = fs;
    }

    /** Opens {@code uri}, which must be an existing folder. */
    public static RunFiles open(String uri, Configuration conf) {
        try {
            Path root = new Path(uri);
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.getFileStatus(root).isDirectory()) {
                throw new OutputException(uri + ": not a run directory (it is a file)");
            }
            return new RunFiles(uri, root, fs);
        } catch (FileNotFoundException e) {
            throw new OutputException(uri + ": no such run directory");
        } catch (IOException | IllegalArgumentException e) {
            throw new OutputException(uri + ": cannot open run directory: " + e.getMessage());
        }
    }

    public String uri() {
        return uri;
    }

    /** The content of {@code name}, or empty when the run has no such file. */
    public Optional<String> read(String name) {
        Path file = new Path(root, name);
        try (InputStream in = fs.open(file)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new OutputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** The content of {@code name}, which the run must have. */
    public String require(String name) {
        return read(name).orElseThrow(() -> new OutputException(
                new Path(root, name) + ": missing (not a run directory written by train?)"));
    }
}
