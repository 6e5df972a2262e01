package io.bnsync.score;

import io.bnsync.model.ModelFiles;
import io.bnsync.model.NativeRuntime;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Networks restored from a broadcast model, kept per executor JVM so a model is deserialised once per executor
 * rather than once per task; concurrent tasks each borrow their own. Only the newest model is kept.
 */
final class ExecutorNetworks {
    private static final Map<String, Queue<MultiLayerNetwork>> POOL = new ConcurrentHashMap<>();

    private ExecutorNetworks() {
    }

    static MultiLayerNetwork borrow(ScoringModel model) {
        NativeRuntime.start(); // already done by NativeStartupPlugin, unless the application left spark.plugins out
        Queue<MultiLayerNetwork> queue;
        synchronized (POOL) {
            POOL.keySet().removeIf(k -> !k.equals(model.sha256()));
            queue = POOL.computeIfAbsent(model.sha256(), k -> new ConcurrentLinkedQueue<>());
        }
        org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
        if (task != null) { // one native thread per task CPU, so concurrent tasks do not oversubscribe the cores
            NativeRuntime.useThreads(task.cpus());
        }
        MultiLayerNetwork net = queue.poll();
        return net != null ? net : ModelFiles.fromBytes(model.zip(), "model " + model.sha256());
    }

    static void release(ScoringModel model, MultiLayerNetwork net) {
        Queue<MultiLayerNetwork> queue = POOL.get(model.sha256());
        if (queue != null) {
            queue.offer(net);
        }
    }
}
