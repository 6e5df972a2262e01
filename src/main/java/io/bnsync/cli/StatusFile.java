package io.bnsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bnsync.store.OutputException;
import io.bnsync.store.RunDirectory;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * {@code --status-file URI}: the command's outcome as JSON ({@code command}, {@code exit_code}, {@code error},
 * {@code finished_at}), written when the command ends, whatever the outcome. Why: in cluster deploy mode the
 * driver's exit code never reaches the caller of spark-submit (YARN reports only SUCCEEDED or FAILED), so a
 * scheduler reads the project's exit code from here. Written through a temporary file and a rename on any Hadoop
 * file system every node can reach.
 */
final class StatusFile {
    static final String OPTION = "--status-file";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusFile() {
    }

    /** The value of {@value #OPTION} among {@code args} (as {@code --status-file X} or {@code --status-file=X}), or null. */
    static String location(String[] args) {
        String found = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(OPTION) && i + 1 < args.length) {
                found = args[i + 1];
            } else if (args[i].startsWith(OPTION + "=")) {
                found = args[i].substring(OPTION.length() + 1);
            }
        }
        return found;
    }

    static void write(String uri, CommandOutcome outcome, Configuration conf) {
        ObjectNode status = JSON.createObjectNode();
        status.put("command", outcome.command());
        status.put("exit_code", outcome.exitCode());
        status.put("error", outcome.error());
        status.put("finished_at", Instant.now().toString());
        Path path = new Path(uri);
        if (path.getParent() == null) {
            throw new OutputException(uri + ": not a file location for " + OPTION);
        }
        RunDirectory.existingOrNew(path.getParent().toString(), conf)
                .writeString(path.getName(), status.toPrettyString() + "\n");
    }
}
