package io.bnsync.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.model.ModelFiles;
import io.bnsync.model.NativeRuntime;
import io.bnsync.train.EpochRecord;
import io.bnsync.train.RoundRecord;
import io.bnsync.train.TrainingObserver;
import io.bnsync.train.TrainingProgress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Checkpoints of a run, under {@code RUN_DIR/checkpoints/}: every N rounds a folder {@code round-NNNNNN/} with
 * {@code model.zip} (parameters, updater state, BatchNorm statistics, iteration and epoch counters) and
 * {@code progress.json}, sealed by its manifest ({@link FolderManifest}); then {@code LATEST} is switched to it (one
 * file replaced whole, {@link FileCommit}), and only then older folders are deleted, each manifest first. A crash at
 * any point leaves LATEST naming a complete checkpoint — on local disks, HDFS and object stores, since no step
 * renames a folder; resuming checks its files against the manifest.
 */
public final class Checkpoints implements TrainingObserver {
    static final String FOLDER = "checkpoints";
    static final String LATEST = "LATEST";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunDirectory checkpoints;
    private final int everyRounds;

    public Checkpoints(RunDirectory run, int everyRounds) {
        this.checkpoints = run.child(FOLDER);
        this.everyRounds = everyRounds;
    }

    /** A checkpoint read back. */
    public record Restored(MultiLayerNetwork net, TrainingProgress progress, String name) {
    }

    @Override
    public void afterRound(MultiLayerNetwork master, TrainingProgress next) {
        if (everyRounds > 0 && next.round() % everyRounds == 0) {
            write(master, next);
        }
    }

    @Override
    public void onRound(RoundRecord record, int roundInEpoch, int roundsInEpoch) {
    }

    @Override
    public void onEpoch(EpochRecord record) {
    }

    void write(MultiLayerNetwork master, TrainingProgress next) {
        String name = String.format("round-%06d", next.round());
        RunDirectory folder = checkpoints.child(name);
        folder.write("model.zip", out -> ModelFiles.write(master, out));
        try {
            folder.writeString("progress.json", JSON.writeValueAsString(next));
        } catch (IOException e) {
            throw new OutputException(folder.uri() + ": cannot write progress: " + e.getMessage());
        }
        FolderManifest.seal(folder);
        checkpoints.writeString(LATEST, name + "\n");
        for (String old : checkpoints.list()) {
            if (old.startsWith("round-") && !old.equals(name)) {
                FolderManifest.deleteFolder(checkpoints, old);
            }
        }
    }

    /** Whether {@code run} has a checkpoint to resume from (LATEST names one). */
    public static boolean exist(RunDirectory run) {
        return run.exists(FOLDER + "/" + LATEST);
    }

    /** Deletes a run's checkpoints, LATEST first, so that a crash meanwhile never leaves it naming a partial one. */
    static void deleteAll(RunDirectory run) {
        RunDirectory checkpoints = run.child(FOLDER);
        checkpoints.delete(LATEST);
        run.delete(FOLDER);
    }

    /** The checkpoint LATEST names; an error when the run has none. */
    public static Restored latest(RunDirectory run) {
        RunDirectory checkpoints = run.child(FOLDER);
        if (!checkpoints.exists(LATEST)) {
            throw new OutputException(run.uri() + ": no checkpoint to resume from (train with --checkpoint-every N)");
        }
        String name = checkpoints.readString(LATEST).strip();
        RunDirectory folder = checkpoints.child(name);
        MultiLayerNetwork net;
        TrainingProgress progress;
        NativeRuntime.start();
        try (InputStream in = new ByteArrayInputStream(read(folder, "model.zip"))) {
            net = ModelSerializer.restoreMultiLayerNetwork(in, true);
            progress = JSON.readValue(read(folder, "progress.json"), TrainingProgress.class);
        } catch (IOException | RuntimeException e) {
            throw new OutputException(folder.uri() + ": checkpoint unreadable: " + e.getMessage());
        }
        return new Restored(NativeRuntime.prepare(net), progress, name);
    }

    /** A checkpoint file, checked against the manifest (checkpoints written before manifests have none). */
    private static byte[] read(RunDirectory folder, String name) throws IOException {
        if (folder.exists(FolderManifest.NAME)) {
            return FolderManifest.readVerified(folder, name);
        }
        try (InputStream in = folder.open(name)) {
            return in.readAllBytes();
        }
    }
}
