package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.bnsync.model.SeedNet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

class WorkerNetworksTest {
    /**
     * Two local-mode workers on two cores get one native thread each (NetworkSpec) and every borrow, on whatever task
     * thread, sets it: a pooled network is borrowed again on a thread that never built one.
     */
    @Test
    void everyBorrowGivesTheTaskThreadTheSpecsNativeThreads() throws Exception {
        Nd4j.create(1);
        int master = Nd4j.getEnvironment().maxMasterThreads();
        int blas = Nd4j.factory().blas().getMaxThreads();
        MultiLayerNetwork template = TrainFixtures.netWithoutDropout(3);
        NetworkSpec spec = new NetworkSpec(template.getLayerWiseConfigurations().toJson(), SeedNet.batchNormLayers(), 1);
        try {
            MultiLayerNetwork first = TrainFixtures.onTaskThread(2, () -> borrowAndRelease(spec));
            int[] seen = new int[3];
            MultiLayerNetwork second = TrainFixtures.onTaskThread(2, () -> {
                MultiLayerNetwork net = borrowAndRelease(spec);
                seen[0] = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
                seen[1] = Nd4j.getEnvironment().maxMasterThreads();
                seen[2] = Nd4j.factory().blas().getMaxThreads();
                return net;
            });
            assertSame(first, second, "the pooled network");
            assertEquals(1, seen[0], "the task thread's OpenMP team");
            assertEquals(1, seen[1], "ND4J's threads");
            assertEquals(1, seen[2], "OpenBLAS's threads");
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(master);
            Nd4j.factory().blas().setMaxThreads(blas);
        }
    }

    private static MultiLayerNetwork borrowAndRelease(NetworkSpec spec) {
        MultiLayerNetwork net = WorkerNetworks.borrow(spec);
        WorkerNetworks.release(spec, net);
        return net;
    }
}
