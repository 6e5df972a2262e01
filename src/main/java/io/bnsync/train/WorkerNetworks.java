package io.bnsync.train;

import io.bnsync.model.NativeRuntime;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Per-JVM cache of initialized networks, so an executor builds the net once per training run,
 * not once per round. Several tasks may run at once in one JVM (local mode, multi-core
 * executors): each borrows its own instance. Only the newest configuration is kept.
 */
final class WorkerNetworks {
    private static final Map<String, Queue<MultiLayerNetwork>> POOL = new ConcurrentHashMap<>();

    private WorkerNetworks() {
    }

    static MultiLayerNetwork borrow(NetworkSpec spec) {
        NativeRuntime.start(); // already done by NativeStartupPlugin, unless the application left spark.plugins out
        Queue<MultiLayerNetwork> queue = POOL.get(spec.configJson());
        if (queue == null) {
            synchronized (POOL) {
                POOL.keySet().removeIf(k -> !k.equals(spec.configJson()));
                queue = POOL.computeIfAbsent(spec.configJson(), k -> new ConcurrentLinkedQueue<>());
            }
        }
        NativeRuntime.useThreads(spec.threadsPerTask()); // on every borrow: OpenMP's setting is the calling thread's
        MultiLayerNetwork net = queue.poll();
        if (net == null) {
            net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(spec.configJson()));
            net.init();
            NativeRuntime.prepare(net);
        }
        return net;
    }

    static void release(NetworkSpec spec, MultiLayerNetwork net) {
        net.setListeners();
        Queue<MultiLayerNetwork> queue = POOL.get(spec.configJson());
        if (queue != null) {
            queue.offer(net);
        }
    }
}
