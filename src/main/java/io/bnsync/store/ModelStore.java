package io.bnsync.store;

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
 * A folder (any Hadoop URI) of model versions: {@code v000001/}, {@code v000002/}, … each holding model.zip,
 * metrics.json, config.json, data.json, provenance.json and, written last, the manifest that makes the folder a
 * version ({@link FolderManifest}). A version folder without its manifest is one still being written or left by a
 * crash: readers ignore it, and the next pipeline run resumes or replaces it. No folder is ever renamed, so this holds
 * on object stores as on local disks and HDFS. {@code current} names the published version and {@code history.jsonl}
 * records every switch; each is one file, replaced whole ({@link FileCommit}).
 *
 * <p>Stores written before manifests existed (no {@value #LAYOUT} file; there a version folder appeared by renaming a
 * complete staging folder) list every version folder, as they did, until the first pipeline run seals them.
 */
public final class ModelStore {
    static final String CURRENT = "current";
    static final String HISTORY = "history.jsonl";
    /** Present once every version of the store is sealed by a manifest; its content is the layout's number. */
    static final String LAYOUT = "layout";
    private static final String MANIFESTS = "2";
    private static final String LEGACY_STAGING = ".staging-";
    private static final String VERSION_NAME = "v\\d{6}";
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
        boolean sealed = root.exists(LAYOUT);
        return versionFolders().stream().filter(v -> !sealed || FolderManifest.isComplete(root.child(v))).toList();
    }

    private List<String> versionFolders() {
        return root.list().stream().filter(n -> n.matches(VERSION_NAME)).toList();
    }

    public Optional<String> current() {
        return root.exists(CURRENT) ? Optional.of(root.readString(CURRENT).strip()) : Optional.empty();
    }

    public String nextVersion() {
        int last = versions().stream().mapToInt(v -> Integer.parseInt(v.substring(1))).max().orElse(0);
        return String.format("v%06d", last + 1);
    }

    /**
     * Brings a store written before manifests to today's layout, before a version is written the new way: its version
     * folders are complete (they appeared by rename), so each gets its manifest; staging folders of interrupted runs
     * are dropped. A crash meanwhile leaves the old layout, and the next run does it again.
     */
    public void upgradeLayout() {
        if (root.exists(LAYOUT)) {
            return;
        }
        for (String v : versionFolders()) {
            if (!root.child(v).exists(FolderManifest.NAME)) {
                FolderManifest.seal(root.child(v));
            }
        }
        root.list().stream().filter(n -> n.startsWith(LEGACY_STAGING)).forEach(root::delete);
        root.writeString(LAYOUT, MANIFESTS + "\n");
    }

    /** The folder {@code version} is written in: a leftover of a crashed run there is discarded. */
    public RunDirectory staging(String version) {
        if (versions().contains(version)) {
            throw new OutputException(root.uri() + ": " + version + " is already published");
        }
        root.delete(version);
        return root.child(version);
    }

    /**
     * Makes the complete folder {@code version} a version: drops its checkpoints (they served resuming only), then
     * writes its manifest, last.
     */
    public void publish(String version) {
        Checkpoints.deleteAll(root.child(version));
        FolderManifest.seal(root.child(version));
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

    /**
     * Deletes the oldest versions beyond {@code keep} (the current version is always kept), and folders of versions
     * whose deletion a crash interrupted: unsealed folders older than the newest version.
     */
    public List<String> prune(int keep) {
        List<String> versions = versions();
        String current = current().orElse("");
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < versions.size() - keep; i++) {
            if (!versions.get(i).equals(current)) {
                FolderManifest.deleteFolder(root, versions.get(i));
                deleted.add(versions.get(i));
            }
        }
        String newest = versions.isEmpty() ? "" : versions.get(versions.size() - 1);
        versionFolders().stream().filter(v -> v.compareTo(newest) < 0 && !versions.contains(v)).forEach(root::delete);
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

    /** {@code value} as the store's JSON records spell it. */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
