package io.bnsync.train;

import io.bnsync.model.SeedNet;
import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What an executor needs to build the net once and reuse it every round: the DL4J configuration
 * as JSON, where the BatchNorm layers are, and how many ND4J threads one task may use.
 */
public record NetworkSpec(String configJson, int[] bnLayers, int threadsPerTask) implements Serializable {

    /** The spec of {@code net} for {@code workers} concurrent tasks on {@code sc}'s cluster. */
    public static NetworkSpec of(MultiLayerNetwork net, int workers, JavaSparkContext sc) {
        return new NetworkSpec(net.getLayerWiseConfigurations().toJson(), SeedNet.batchNormLayers(),
                threadsPerTask(workers, sc));
    }

    /**
     * ND4J threads per task: the cores a task owns (spark.task.cpus), so concurrent tasks do not
     * oversubscribe. In local mode without that setting, the machine's cores shared by the workers.
     */
    private static int threadsPerTask(int workers, JavaSparkContext sc) {
        if (sc.isLocal() && !sc.getConf().contains("spark.task.cpus")) {
            int cores = sc.defaultParallelism();
            return Math.max(1, cores / Math.max(1, Math.min(workers, cores)));
        }
        return sc.getConf().getInt("spark.task.cpus", 1);
    }
}
