package io.bnsync.bench;

import io.bnsync.config.Engine;
import io.bnsync.config.TrainConfig;
import io.bnsync.data.MnistDataset;
import io.bnsync.model.SeedNet;
import io.bnsync.train.Dl4jSparkTrainer;
import io.bnsync.train.MemoryPeak;
import io.bnsync.train.RoundRecord;
import io.bnsync.train.RoundsTrainer;
import io.bnsync.train.SparkSettings;
import io.bnsync.train.TrainingObserver;
import io.bnsync.train.TrainingSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One epoch of an engine in local mode on {@code local[cores]}, with the per-round breakdown:
 * worker compute, the rest of the round's job (broadcast fetch, scheduling, result transfer and
 * merge), the driver's update, and the bytes moved.
 */
public final class EngineBenchmark {
    private EngineBenchmark() {
    }

    public static Map<String, Object> run(TrainConfig config, MnistDataset data, int cores) {
        SparkConf conf = SparkSettings.applyDefaults(new SparkConf().setAppName("bnsync-bench")
                .setMaster("local[" + cores + "]").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1"));
        List<RoundRecord> rounds = new ArrayList<>();
        long start = System.nanoTime();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            MultiLayerNetwork net = SeedNet.create(config.seed(),
                    config.optimizer().updater(config.learningRate(), config.lrDecay()));
            TrainingSet set = TrainingSet.parallelize(sc, data, Math.max(config.workers(), cores));
            TrainingObserver observer = TrainingObserver.collectingRounds(rounds);
            if (config.engine() == Engine.ROUNDS) {
                new RoundsTrainer(sc, config, observer).train(net, set);
            } else {
                new Dl4jSparkTrainer(sc, config, observer).train(net, set);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return summary(config, cores, data.size(), seconds, rounds);
    }

    private static Map<String, Object> summary(TrainConfig config, int cores, int samples, double seconds,
                                               List<RoundRecord> rounds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", config.engine().name().toLowerCase().replace('_', '-'));
        m.put("workers", config.workers());
        m.put("cores", cores);
        m.put("averaging_frequency", config.averagingFrequency());
        m.put("samples", samples);
        m.put("seconds", seconds);
        m.put("samples_per_second", samples / seconds);
        if (!rounds.isEmpty()) {
            m.put("rounds", rounds.size());
            putRoundFigures(m, "", rounds);
            // Round 1 also builds each worker's network and warms up the JIT: steady state is what
            // the rounds of a full epoch cost.
            if (rounds.size() > 1) {
                putRoundFigures(m, "_after_first", rounds.subList(1, rounds.size()));
            }
            m.put("round_job_overhead_seconds_each",
                    rounds.stream().map(RoundRecord::aggregateSeconds).toList());
            m.put("bytes_broadcast_per_round", rounds.get(0).bytesBroadcast());
            m.put("bytes_collected_per_round", rounds.get(0).bytesCollected());
            MemoryPeak peak = rounds.stream().map(RoundRecord::workerMemory).reduce(MemoryPeak.none(), MemoryPeak::max);
            m.put("worker_peak_heap_bytes", peak.heapBytes());
            m.put("worker_peak_physical_bytes", peak.physicalBytes());
        }
        return m;
    }

    private static void putRoundFigures(Map<String, Object> m, String suffix, List<RoundRecord> rounds) {
        double compute = rounds.stream().mapToDouble(RoundRecord::computeSeconds).average().orElse(0);
        double overhead = rounds.stream().mapToDouble(RoundRecord::aggregateSeconds).average().orElse(0);
        double update = rounds.stream().mapToDouble(RoundRecord::driverUpdateSeconds).average().orElse(0);
        m.put("round_compute_seconds" + suffix, compute);
        m.put("round_job_overhead_seconds" + suffix, overhead);
        // Part of the job overhead: the time the round waits for its slowest worker after the mean one is done.
        m.put("round_wait_for_slowest_seconds" + suffix, rounds.stream()
                .mapToDouble(r -> r.slowestComputeSeconds() - r.computeSeconds()).average().orElse(0));
        m.put("round_driver_update_seconds" + suffix, update);
        m.put("round_overhead_share" + suffix, (overhead + update) / (compute + overhead + update));
        double wall = rounds.stream().mapToDouble(r -> r.computeSeconds() + r.aggregateSeconds()
                + r.driverUpdateSeconds()).sum();
        m.put("round_samples_per_second" + suffix, rounds.stream().mapToLong(RoundRecord::samples).sum() / wall);
    }
}
