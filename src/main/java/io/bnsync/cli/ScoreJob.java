package io.bnsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.data.ParquetMnist;
import io.bnsync.model.ModelException;
import io.bnsync.model.ModelFiles;
import io.bnsync.score.BatchScorer;
import io.bnsync.score.ScoringModel;
import io.bnsync.store.ModelStore;
import io.bnsync.store.OutputException;
import io.bnsync.store.RunDirectory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/** What {@code score} and {@code pipeline --score-data} share: resolve the model, score, write, summarise. */
final class ScoreJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScoreJob() {
    }

    /** A model file, or the current version of the store {@code uri} names. */
    static ScoringModel resolve(String uri, Configuration conf) {
        if (isFolder(uri, conf)) {
            ModelStore store = new ModelStore(RunDirectory.existing(uri, conf));
            String version = store.current().orElseThrow(() ->
                    new ModelException(uri + ": model store has no current version"));
            return load(store.modelUri(version), version, conf);
        }
        return load(uri, null, conf);
    }

    /** A model file, checked on the driver (a bad one fails here, named), labelled with {@code version}. */
    static ScoringModel load(String file, String version, Configuration conf) {
        byte[] zip = ModelFiles.readBytes(file, conf);
        ModelFiles.fromBytes(zip, file);
        return ScoringModel.of(zip, version);
    }

    /** Refuses an output location that holds anything (a file there is refused too); creates nothing. */
    static void requireEmpty(String out, Configuration conf) {
        if (!RunDirectory.existingOrNew(out, conf).list().isEmpty()) {
            throw new OutputException(out + ": exists and is not empty; score writes only to an absent or empty folder");
        }
    }

    /**
     * Scores {@code images} with {@code model} into {@code out} (checked empty), then writes {@code out/_score.json}
     * and prints one line; {@code modelName} is what the line and the summary call the model.
     */
    static void run(SparkSession spark, Dataset<Row> images, ScoringModel model, String modelName, String out) {
        long start = System.nanoTime();
        Dataset<Row> scored = BatchScorer.score(spark, images, model).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // Safe: the caller proved the target absent or an empty folder.
            scored.write().mode(SaveMode.Overwrite).parquet(out);
            summarise(scored, model, modelName, (System.nanoTime() - start) / 1e9, out,
                    spark.sparkContext().hadoopConfiguration());
        } finally {
            scored.unpersist();
        }
    }

    private static void summarise(Dataset<Row> scored, ScoringModel model, String modelName, double seconds,
                                  String out, Configuration conf) {
        long images = scored.count();
        Double accuracy = null;
        if (List.of(scored.columns()).contains(ParquetMnist.LABEL) && images > 0) {
            long right = scored.filter(functions.col(ParquetMnist.LABEL)
                    .equalTo(functions.col(BatchScorer.PREDICTION))).count();
            accuracy = (double) right / images;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("images", images);
        summary.put("model", modelName);
        summary.put("model_version", model.version());
        summary.put("model_sha256", model.sha256());
        summary.put("accuracy", accuracy);
        summary.put("seconds", seconds);
        try {
            RunDirectory.existingOrNew(out, conf).writeString("_score.json",
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        System.out.printf(Locale.ROOT, "scored %d images with %s%s in %.1f s (%.0f images/s)%s; wrote %s%n", images,
                modelName, model.version() == null ? "" : " (" + model.version() + ")", seconds, images / seconds,
                accuracy == null ? "" : String.format(Locale.ROOT, "; accuracy %.4f", accuracy), out);
    }

    private static boolean isFolder(String uri, Configuration conf) {
        try {
            Path path = new Path(uri);
            return path.getFileSystem(conf).getFileStatus(path).isDirectory();
        } catch (IOException e) {
            return false; // missing: ModelFiles names it
        }
    }
}
