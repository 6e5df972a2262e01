package io.bnsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bnsync.bench.EngineBenchmark;
import io.bnsync.bench.MergeBenchmark;
import io.bnsync.bench.ScoringBenchmark;
import io.bnsync.bench.SingleJvmBenchmark;
import io.bnsync.config.TrainConfig;
import io.bnsync.config.TrainConfigLoader;
import io.bnsync.data.MnistDataset;
import io.bnsync.data.MnistFiles;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench single|engine|score|merge}: throughput figures as JSON; bench/run.sh runs the full set. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (print JSON). 'single': plain DL4J training/inference throughput in this JVM "
                + "(run with OMP_NUM_THREADS = --threads). 'engine': one epoch of an engine in local mode with a "
                + "per-round breakdown. 'score': single-JVM inference against score on local[cores], with and without "
                + "Parquet around it. 'merge': the rounds engine's communication path alone (serialize, deserialize, "
                + "merge W results; no data needed). bench/run.sh runs all of them and PyTorch, and prints a table.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--mode", required = true, description = "single, engine, score or merge") String mode;
    @Option(names = "--data", paramLabel = "DIR", description = "MNIST (every mode but merge)") String data;
    @Option(names = "--threads", defaultValue = "1") int threads;
    @Option(names = "--batch-size", defaultValue = "64") int batchSize;
    @Option(names = "--batches", defaultValue = "100", description = "single: timed training minibatches") int batches;
    @Option(names = "--repeats", defaultValue = "5", description = "merge: timed repeats, the best kept") int repeats;
    @Option(names = "--warmup", defaultValue = "10") int warmup;
    @Option(names = "--limit-train", defaultValue = "8192", description = "engine: images in the epoch; score: images scored") int limitTrain;
    @Option(names = "--engine", defaultValue = "rounds") String engine;
    @Option(names = "--workers", defaultValue = "1", description = "engine: W; merge: results merged") int workers;
    @Option(names = "--cores", defaultValue = "1", description = "engine, score: local[cores]") int cores;
    @Option(names = "--averaging-frequency", defaultValue = "16") int averagingFrequency;
    @Option(names = "--nets", defaultValue = "1",
            description = "single: train this many nets at once, one Java thread each (as task threads in one executor)")
    int nets;

    @Override
    public Integer call() throws Exception {
        if (mode.equals("merge")) {
            return print(merge());
        }
        if (data == null) {
            throw new io.bnsync.config.ConfigException("--data is required for --mode " + mode);
        }
        MnistDataset train = MnistFiles.load(data, MnistFiles.Split.TRAIN, new Configuration());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", mode);
        if (mode.equals("single") && nets > 1) {
            result.putAll(SingleJvmBenchmark.runConcurrent(train.head(Math.max(batches, 1) * batchSize), threads,
                    batchSize, warmup, batches, nets));
        } else if (mode.equals("single")) {
            result.putAll(SingleJvmBenchmark.run(train.head(Math.max(batches, 1) * batchSize), threads, batchSize,
                    warmup, batches, 40));
        } else if (mode.equals("engine")) {
            TrainConfig config = TrainConfigLoader.load(null, Map.of("data", data, "engine", engine,
                    "workers", "" + workers, "batch-size", "" + batchSize, "averaging-frequency", "" + averagingFrequency,
                    "progress-seconds", "1000"), Map.of());
            result.putAll(EngineBenchmark.run(config, train.head(limitTrain), cores));
        } else if (mode.equals("score")) {
            result.putAll(ScoringBenchmark.run(train.head(limitTrain), cores));
        } else {
            throw new io.bnsync.config.ConfigException("--mode must be single, engine, score or merge, not '"
                    + mode + "'");
        }
        return print(result);
    }

    /** The communication path alone, with local mode's serializer and the one clusters are configured with. */
    private Map<String, Object> merge() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", mode);
        SparkConf kryo = new SparkConf().set("spark.kryo.registrator", KryoSetup.class.getName())
                .set("spark.kryoserializer.buffer.max", "512m");
        Map<String, Serializer> serializers = new LinkedHashMap<>();
        serializers.put("java", new JavaSerializer(new SparkConf()));
        serializers.put("kryo", new KryoSerializer(kryo));
        result.putAll(MergeBenchmark.run(serializers, workers, averagingFrequency, Math.max(1, repeats)));
        return result;
    }

    private static int print(Map<String, Object> result) throws Exception {
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        return ExitCode.OK;
    }
}
