package io.bnsync.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bnsync.data.DataChecksums;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * What makes a folder of files (a model version, a checkpoint) complete on every file system: the list of its
 * files with their sizes and SHA-256, written last as {@value #NAME}. On an object store a folder cannot be renamed
 * into place (a rename there is a copy, file by file), so its files become visible one by one; a reader that counts
 * a folder only once its manifest exists, and its files have the listed sizes, never takes a partial one for
 * complete. A folder is taken apart in the reverse order: manifest first.
 */
final class FolderManifest {
    static final String NAME = "_MANIFEST.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FolderManifest() {
    }

    /** Lists, hashes and records the folder's files (not its sub-folders); the folder is complete afterwards. */
    static void seal(RunDirectory folder) {
        ObjectNode files = JSON.createObjectNode();
        folder.files().forEach((name, size) -> {
            if (!name.equals(NAME)) {
                files.putObject(name).put("size", size).put("sha256", sha256(folder, name));
            }
        });
        ObjectNode manifest = JSON.createObjectNode();
        manifest.set("files", files);
        folder.writeString(NAME, manifest.toPrettyString() + "\n");
    }

    /** Whether the folder has a manifest and every file it lists is there with its size. */
    static boolean isComplete(RunDirectory folder) {
        if (!folder.exists(NAME)) {
            return false;
        }
        Map<String, Long> present = folder.files();
        JsonNode files = read(folder).path("files");
        for (var it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!Long.valueOf(f.getValue().path("size").asLong(-1)).equals(present.get(f.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** A listed file's bytes, checked against the manifest's size and SHA-256. */
    static byte[] readVerified(RunDirectory folder, String name) {
        JsonNode entry = read(folder).path("files").path(name);
        if (entry.isMissingNode()) {
            throw new OutputException(folder.path(name) + ": not in the folder's manifest");
        }
        byte[] bytes;
        try (InputStream in = folder.open(name)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new OutputException(folder.path(name) + ": cannot read: " + e.getMessage());
        }
        if (bytes.length != entry.path("size").asLong() || !sha256(bytes).equals(entry.path("sha256").asText())) {
            throw new OutputException(folder.path(name) + ": differs from its manifest (size or SHA-256)");
        }
        return bytes;
    }

    /** Deletes a folder so that no reader sees it complete meanwhile: its manifest first, then the rest. */
    static void deleteFolder(RunDirectory parent, String name) {
        parent.child(name).delete(NAME);
        parent.delete(name);
    }

    private static String sha256(byte[] bytes) {
        try {
            return DataChecksums.sha256(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory
        }
    }

    private static JsonNode read(RunDirectory folder) {
        try {
            return JSON.readTree(folder.readString(NAME));
        } catch (IOException e) {
            throw new OutputException(folder.path(NAME) + ": unreadable manifest: " + e.getMessage());
        }
    }

    private static String sha256(RunDirectory folder, String name) {
        try (InputStream in = folder.open(name)) {
            return DataChecksums.sha256(in);
        } catch (IOException e) {
            throw new OutputException(folder.path(name) + ": cannot read: " + e.getMessage());
        }
    }
}
