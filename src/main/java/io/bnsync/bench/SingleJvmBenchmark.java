package io.bnsync.bench;

import io.bnsync.data.MnistDataset;
import io.bnsync.model.MnistBatches;
import io.bnsync.model.NativeRuntime;
import io.bnsync.model.OptimizerKind;
import io.bnsync.model.SeedNet;
import io.bnsync.train.MemoryPeak;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Plain DL4J throughput of the seed net in this JVM: {@code fit} on prepared minibatches (as a
 * framework benchmark sees them: conversion from bytes is not timed), and inference. The thread
 * count is the process's (OMP_NUM_THREADS) and ND4J's, set before the first op.
 */
public final class SingleJvmBenchmark {
    private SingleJvmBenchmark() {
    }

    public static Map<String, Object> run(MnistDataset data, int threads, int batchSize, int warmup, int batches,
                                          int inferenceBatches) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        MultiLayerNetwork net = SeedNet.create(1, OptimizerKind.ADADELTA.updater(1.0, 0.7));
        List<DataSet> prepared = prepare(data, batchSize, Math.min(batches, data.size() / batchSize));
        double trainSeconds = timedTraining(net, prepared, warmup, batches);
        double inferenceSeconds = inference(net, data, inferenceBatches);
        MemoryPeak memory = MemoryPeak.sample();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threads", threads);
        m.put("batch_size", batchSize);
        m.put("native_extension", NativeRuntime.extension());
        m.put("layer_helpers", helpers(net));
        m.put("train_samples_per_second", batches * batchSize / trainSeconds);
        m.put("inference_samples_per_second", inferenceBatches * 256 / inferenceSeconds);
        m.put("heap_bytes", memory.heapBytes());
        m.put("physical_bytes", memory.physicalBytes());
        return m;
    }

    /**
     * {@code nets} seed nets trained at once, each by its own Java thread on its own copy of the
     * minibatches, as Spark's task threads do in one executor: how much the trainings slow each
     * other down inside one JVM.
     */
    public static Map<String, Object> runConcurrent(MnistDataset data, int threads, int batchSize, int warmup,
                                                    int batches, int nets) throws InterruptedException {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        List<Double> each = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int k = 0; k < nets; k++) {
            each.add(0.0);
            int slot = k;
            workers.add(new Thread(() -> {
                MultiLayerNetwork net = SeedNet.create(1 + slot, OptimizerKind.ADADELTA.updater(1.0, 0.7));
                List<DataSet> prepared = prepare(data, batchSize, Math.min(batches, data.size() / batchSize));
                double seconds = timedTraining(net, prepared, warmup, batches);
                synchronized (each) {
                    each.set(slot, batches * batchSize / seconds);
                }
            }, "bench-net-" + k));
            workers.get(k).setUncaughtExceptionHandler((t, e) -> {
                synchronized (failures) {
                    failures.add(e);
                }
            });
        }
        for (Thread t : workers) {
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a concurrent training failed", failures.get(0));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threads", threads);
        m.put("nets", nets);
        m.put("batch_size", batchSize);
        m.put("train_samples_per_second_each", each);
        m.put("train_samples_per_second", each.stream().mapToDouble(Double::doubleValue).sum());
        return m;
    }

    private static double timedTraining(MultiLayerNetwork net, List<DataSet> prepared, int warmup, int batches) {
        for (int i = 0; i < warmup; i++) {
            net.fit(prepared.get(i % prepared.size()));
        }
        long start = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            net.fit(prepared.get(i % prepared.size()));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static List<DataSet> prepare(MnistDataset data, int batchSize, int count) {
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < Math.max(1, count); b++) {
            batches.add(MnistBatches.batch(data, b * batchSize, (b + 1) * batchSize));
        }
        return batches;
    }

    private static double inference(MultiLayerNetwork net, MnistDataset data, int batches) {
        INDArray features = MnistBatches.batch(data, 0, Math.min(256, data.size())).getFeatures();
        net.output(features, false);
        long start = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            net.output(features, false);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static List<String> helpers(MultiLayerNetwork net) {
        List<String> names = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            if (layer.getHelper() != null) {
                names.add(layer.getHelper().getClass().getSimpleName());
            }
        }
        return names;
    }
}
