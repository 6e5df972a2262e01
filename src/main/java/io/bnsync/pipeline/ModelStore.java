package io.bnsync.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A folder (any Hadoop URI) of model versions: {@code v000001/}, {@code v000002/}, … each holding
 * model.zip, metrics.json, config.json, data.json and provenance.json. A version is built under
 * {@code .staging-vNNNNNN/} and renamed into place only when complete. {@code current} names the
 * published version and is replaced in one step on local disks and HDFS ({@link FileCommit}); {@code history.jsonl}
 * records every switch. On object stores the staging rename is a copy: not yet crash-safe there.
 */
public final class ModelStore {
    static final String CURRENT = "current";
    static final String HISTORY = "history.jsonl";
    private static final String STAGING = ".staging-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunDirectory root;

    public ModelStore(RunDirectory root) {
        this.root = root;
    }

    public RunDirectory root() {
        return root;
    }

    /** Complete versions, oldest first. */
    public List<String> versions() {
        return root.list().stream().filter(n -> n.matches("v\\d{6}")).toList();
    }

    public Optional<String> current() {
        return root.exists(CURRENT) ? Optional.of(root.readString(CURRENT).strip()) : Optional.empty();
    }

    public String nextVersion() {
        int last = versions().stream().mapToInt(v -> Integer.parseInt(v.substring(1))).max().orElse(0);
        return String.format("v%06d", last + 1);
    }

    /** A fresh staging folder for {@code version} (a leftover of a crashed run is discarded). */
    public RunDirectory staging(String version) {
        root.delete(STAGING + version);
        return root.child(STAGING + version);
    }

    public void discardStaging(String version) {
        root.delete(STAGING + version);
    }

    /** Makes a complete staging folder a version. */
    public void publish(String version) {
        root.renameChild(STAGING + version, version);
    }

    public RunDirectory version(String version) {
        if (!versions().contains(version)) {
            throw new OutputException(root.uri() + ": no version " + version + " (have " + versions() + ")");
        }
        return root.child(version);
    }

    public String modelUri(String version) {
        return version(version).path("model.zip").toString();
    }

    /** Switches {@code current} atomically and records why. */
    public void setCurrent(String version, String action, String reason) {
        version(version);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("time", Instant.now().toString());
        entry.put("action", action);
        entry.put("version", version);
        entry.put("previous", current().orElse(null));
        entry.put("reason", reason);
        List<String> lines = new ArrayList<>(historyLines());
        lines.add(toJson(entry));
        root.writeString(HISTORY, String.join("\n", lines) + "\n");
        root.writeString(CURRENT, version + "\n");
    }

    /**
     * The version to roll back to: the one current before the promotion that made today's current
     * version current (rollbacks themselves are skipped, so repeated rollbacks walk back in time).
     */
    public Optional<String> rollbackTarget() {
        String now = current().orElseThrow(() -> new OutputException(root.uri() + ": no current version"));
        List<JsonNode> history = historyLines().stream().map(ModelStore::parse).toList();
        int made = -1;
        for (int i = history.size() - 1; i >= 0 && made < 0; i--) {
            JsonNode e = history.get(i);
            if (e.path("version").asText().equals(now) && !e.path("action").asText().equals("rollback")) {
                made = i;
            }
        }
        if (made < 0 || history.get(made).path("previous").isNull()) {
            return Optional.empty();
        }
        String previous = history.get(made).path("previous").asText();
        return versions().contains(previous) ? Optional.of(previous) : Optional.empty();
    }

    /** Deletes the oldest versions beyond {@code keep}; the current version is always kept. */
    public List<String> prune(int keep) {
        List<String> versions = versions();
        String current = current().orElse("");
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < versions.size() - keep; i++) {
            if (!versions.get(i).equals(current)) {
                root.delete(versions.get(i));
                deleted.add(versions.get(i));
            }
        }
        return deleted;
    }

    /** A version's metrics.json, or an empty node. */
    public JsonNode metrics(String version) {
        RunDirectory v = root.child(version);
        return v.exists("metrics.json") ? parse(v.readString("metrics.json")) : JSON.createObjectNode();
    }

    private List<String> historyLines() {
        if (!root.exists(HISTORY)) {
            return List.of();
        }
        return root.readString(HISTORY).lines().filter(l -> !l.isBlank()).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new OutputException("unreadable store record: " + e.getMessage());
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
