package io.bnsync.train;

import io.bnsync.data.MnistDataset;
import io.bnsync.model.MnistBatches;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One worker's part of a round: load the broadcast state into a (cached) network, train up to K
 * minibatches of its shard, and report parameters, updater state, loss and the BatchNorm input
 * statistics of every step. It does not know whether it runs in the driver or an executor.
 */
public final class WorkerStep {
    private WorkerStep() {
    }

    public static WorkerUpdate run(NetworkSpec spec, RoundInput in, Shard shard) {
        int batchSize = in.batchSize();
        MnistDataset data = shard.data();
        int available = MnistBatches.batchCount(data.size(), batchSize) - in.firstStep();
        int steps = Math.min(in.steps(), Math.max(0, available));
        if (steps == 0) {
            return WorkerUpdate.none();
        }
        MultiLayerNetwork net = WorkerNetworks.borrow(spec);
        try {
            return train(net, spec, in, shard, steps);
        } finally {
            WorkerNetworks.release(spec, net);
        }
    }

    private static WorkerUpdate train(MultiLayerNetwork net, NetworkSpec spec, RoundInput in, Shard shard, int steps) {
        long start = System.nanoTime();
        load(net, in);
        Nd4j.getRandom().setSeed(in.workerSeed(shard.partition()));
        long samples = 0;
        double lossSum = 0;
        try (BnInputRecorder recorder = BnInputRecorder.attachTo(net, spec.bnLayers())) {
            for (int s = 0; s < steps; s++) {
                int from = (in.firstStep() + s) * in.batchSize();
                int to = Math.min(from + in.batchSize(), shard.data().size());
                DataSet batch = MnistBatches.batch(shard.data(), from, to);
                net.fit(batch);
                InjectedFault.failIfChosen(in, shard); // tests only; the half-trained network goes back to the pool
                lossSum += net.score() * (to - from);
                samples += to - from;
            }
            return WorkerUpdate.of(samples, steps, lossSum, NetworkState.params(net),
                    NetworkState.updaterState(net), recorder.stats(),
                    BnRunningStats.read(net, spec.bnLayers()), System.nanoTime() - start);
        }
    }

    /** Puts the round's starting state into the network, counters included (they drive schedules). */
    static void load(MultiLayerNetwork net, RoundInput in) {
        NetworkState.load(net, in.params(), in.updaterState());
        net.setIterationCount(in.iteration());
        net.setEpochCount(in.epoch());
    }
}
