package io.bnsync.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    @TempDir
    Path dir;

    @Test
    void aStoreWrittenBeforeManifestsKeepsItsVersionsAndIsSealedByTheNextRun() throws IOException {
        Path v1 = Files.createDirectories(dir.resolve("v000001"));
        Files.writeString(v1.resolve("model.zip"), "model");
        Files.writeString(dir.resolve("current"), "v000001\n");
        Files.writeString(Files.createDirectories(dir.resolve(".staging-v000002")).resolve("data.json"), "{}");
        ModelStore store = new ModelStore(RunDirectory.existingOrNew(dir.toString(), new Configuration()));
        assertEquals(List.of("v000001"), store.versions(), "listed as before");

        store.upgradeLayout();
        assertEquals(List.of("v000001"), store.versions());
        assertTrue(Files.exists(v1.resolve(FolderManifest.NAME)));
        assertFalse(Files.exists(dir.resolve(".staging-v000002")), "the old layout's leftover is dropped");
        assertEquals("v000002", store.nextVersion());
        assertEquals("v000001", store.current().orElseThrow());
    }

    @Test
    void aVersionFolderCountsOnlyWithItsManifestAndFilesOfTheListedSizes() throws IOException {
        ModelStore store = new ModelStore(RunDirectory.existingOrNew(dir.toString(), new Configuration()));
        store.upgradeLayout();
        store.staging("v000001").writeString("model.zip", "model");
        assertEquals(List.of(), store.versions(), "unsealed: still being written");
        assertEquals("v000001", store.nextVersion(), "the next run resumes or replaces it");
        store.publish("v000001");
        assertEquals(List.of("v000001"), store.versions());
        assertThrows(OutputException.class, () -> store.staging("v000001"), "a published version is never reused");

        Files.writeString(dir.resolve("v000001/model.zip"), "m0del"); // same size, other bytes
        assertEquals(List.of("v000001"), store.versions(), "listing checks sizes only");
        OutputException e = assertThrows(OutputException.class,
                () -> FolderManifest.readVerified(store.version("v000001"), "model.zip"));
        assertTrue(e.getMessage().endsWith("model.zip: differs from its manifest (size or SHA-256)"), e.getMessage());
        Files.writeString(dir.resolve("v000001/model.zip"), "mod"); // a partial file
        assertEquals(List.of(), store.versions());
    }
}
