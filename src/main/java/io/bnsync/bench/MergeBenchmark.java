package io.bnsync.bench;

import io.bnsync.model.ChannelMoments;
import io.bnsync.model.SeedNet;
import io.bnsync.train.BnRunningStats;
import io.bnsync.train.BnStepStats;
import io.bnsync.train.RoundAccumulator;
import io.bnsync.train.RoundInput;
import io.bnsync.train.RoundResult;
import io.bnsync.train.WorkerUpdate;
import io.bnsync.transport.DriverEndpoint;
import io.bnsync.transport.Pull;
import io.bnsync.transport.Push;
import io.bnsync.transport.TaskKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.AdaDelta;
import scala.reflect.ClassTag$;
import scala.reflect.ClassTag;

/**
 * The rounds engine's communication path without the network: W workers' results of the seed net (parameters,
 * AdaDelta state, K steps of BatchNorm moments) serialized as an executor does, deserialized as the driver does,
 * merged in partition order and averaged; and the round's broadcast state serialized and deserialized once. Spark's
 * scheduling, RPC and the wire are not in it (a cluster run measures those). Each figure is the best of the repeats.
 */
public final class MergeBenchmark {
    private static final ClassTag<WorkerUpdate> RESULT = ClassTag$.MODULE$.apply(WorkerUpdate.class);
    private static final ClassTag<RoundInput> INPUT = ClassTag$.MODULE$.apply(RoundInput.class);

    private MergeBenchmark() {
    }

    /** Times each serializer on the same results; the keys of {@code serializers} name them in the output. */
    public static Map<String, Object> run(Map<String, Serializer> serializers, int workers, int steps, int repeats) {
        MultiLayerNetwork net = SeedNet.create(1, new AdaDelta());
        float[] params = net.params().toFloatVector();
        int updaterLength = (int) net.getUpdater().getStateViewArray().length();
        BnRunningStats running = BnRunningStats.read(net, SeedNet.batchNormLayers());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workers", workers);
        m.put("steps", steps);
        m.put("result_megabytes_of_arrays", (params.length + updaterLength) * (double) Float.BYTES / (1 << 20));
        for (Map.Entry<String, Serializer> s : serializers.entrySet()) {
            m.put(s.getKey(), time(s.getValue().newInstance(), workers, steps, repeats, params, updaterLength, running));
        }
        m.put("push", timePush(workers, steps, repeats, params, updaterLength, running));
        return m;
    }

    /**
     * The pushed merge's path ({@code spark.bnsync.merge=push}) over this machine's loopback: the round's input
     * published at a {@link DriverEndpoint} and pulled once; each result pushed, one after the other (written into
     * the socket by the sender, deserialized by the endpoint as it arrives), taken back, merged and averaged.
     */
    private static Map<String, Object> timePush(int workers, int steps, int repeats, float[] params,
                                                int updaterLength, BnRunningStats running) {
        double best = Double.MAX_VALUE;
        double bestPush = 0;
        double bestInput = Double.MAX_VALUE;
        try (DriverEndpoint<WorkerUpdate> endpoint =
                     DriverEndpoint.open(WorkerUpdate.class, "127.0.0.1", "127.0.0.1", 0)) {
            for (int rep = 0; rep < repeats; rep++) {
                RoundInput input = new RoundInput(params, new float[updaterLength], 1, 0, rep, 0, steps, 64, 1, -1);
                long i0 = System.nanoTime();
                endpoint.publish(rep, input);
                Pull.fetch(endpoint.address(), new TaskKey(rep, 0, 0), RoundInput.class);
                bestInput = Math.min(bestInput, System.nanoTime() - i0);
                List<WorkerUpdate> results = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    results.add(result(w, steps, params, updaterLength, running));
                }
                long t0 = System.nanoTime();
                for (int w = 0; w < workers; w++) {
                    Push.send(endpoint.address(), new TaskKey(rep, w, w), results.get(w));
                }
                long t1 = System.nanoTime();
                RoundAccumulator accumulator = new RoundAccumulator();
                List<WorkerUpdate> taken = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    taken.add(endpoint.take(new TaskKey(rep, w, w)));
                    accumulator.add(taken.get(w));
                }
                RoundResult merged = accumulator.resultInParallel();
                merged.averageParams();
                merged.averageUpdaterState();
                taken.forEach(u -> u.giveArraysTo(endpoint::reuse)); // as the driver does after its merge
                long t2 = System.nanoTime();
                endpoint.closeRoundsUpTo(rep);
                if (t2 - t0 < best) {
                    best = t2 - t0;
                    bestPush = t1 - t0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("publish_and_pull_input_seconds", bestInput / 1e9);
        m.put("push_seconds_per_result", bestPush / 1e9 / workers);
        m.put("merge_and_average_seconds_per_result", (best - bestPush) / 1e9 / workers);
        m.put("seconds_per_result", best / 1e9 / workers);
        return m;
    }

    private static Map<String, Object> time(SerializerInstance ser, int workers, int steps, int repeats,
                                            float[] params, int updaterLength, BnRunningStats running) {
        double best = Double.MAX_VALUE;
        double bestSer = 0;
        double bestDeser = 0;
        double bestMerge = 0;
        double bestInput = Double.MAX_VALUE;
        long resultBytes = 0;
        long inputBytes = 0;
        for (int rep = 0; rep < repeats; rep++) {
            List<WorkerUpdate> results = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                results.add(result(w, steps, params, updaterLength, running));
            }
            long t0 = System.nanoTime();
            List<ByteBuffer> sent = new ArrayList<>();
            for (WorkerUpdate r : results) {
                sent.add(ser.serialize(r, RESULT));
            }
            long t1 = System.nanoTime();
            resultBytes = sent.get(0).remaining();
            List<WorkerUpdate> received = new ArrayList<>();
            for (ByteBuffer b : sent) {
                received.add(ser.deserialize(b, RESULT));
            }
            long t2 = System.nanoTime();
            RoundAccumulator accumulator = new RoundAccumulator();
            received.forEach(accumulator::add);
            RoundResult merged = accumulator.resultInParallel();
            float[] avg = merged.averageParams();
            float[] avgUpdater = merged.averageUpdaterState();
            long t3 = System.nanoTime();
            if (avg.length != params.length || avgUpdater.length != updaterLength) {
                throw new IllegalStateException("merge lost elements");
            }
            if (t3 - t0 < best) {
                best = t3 - t0;
                bestSer = t1 - t0;
                bestDeser = t2 - t1;
                bestMerge = t3 - t2;
            }
            RoundInput input = new RoundInput(params, new float[updaterLength], 1, 0, 1, 0, steps, 64, 1, -1);
            long i0 = System.nanoTime();
            ByteBuffer bytes = ser.serialize(input, INPUT);
            inputBytes = bytes.remaining();
            ser.deserialize(bytes, INPUT);
            bestInput = Math.min(bestInput, System.nanoTime() - i0);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result_bytes", resultBytes);
        m.put("serialize_seconds_per_result", bestSer / 1e9 / workers);
        m.put("deserialize_seconds_per_result", bestDeser / 1e9 / workers);
        m.put("merge_and_average_seconds_per_result", bestMerge / 1e9 / workers);
        m.put("seconds_per_result", best / 1e9 / workers);
        m.put("megabytes_per_second", resultBytes * (double) workers / (1 << 20) / (best / 1e9));
        m.put("broadcast_bytes", inputBytes);
        m.put("broadcast_serialize_and_deserialize_seconds", bestInput / 1e9);
        return m;
    }

    /** A worker's result shaped like a real one; values differ per worker so nothing is shared or constant. */
    private static WorkerUpdate result(int worker, int steps, float[] params, int updaterLength,
                                       BnRunningStats running) {
        SplittableRandom random = new SplittableRandom(worker);
        float[] p = params.clone();
        for (int i = 0; i < p.length; i++) {
            p[i] += (float) (random.nextDouble() * 1e-3);
        }
        float[] u = new float[updaterLength];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) random.nextDouble();
        }
        int[] channels = {32, 64, 128};
        long[] counts = {64L * 26 * 26, 64L * 24 * 24, 64}; // values per channel in a minibatch of 64
        BnStepStats bn = BnStepStats.empty(channels.length);
        for (int l = 0; l < channels.length; l++) {
            for (int s = 0; s < steps; s++) {
                double[] mean = random.doubles(channels[l]).toArray();
                double[] m2 = random.doubles(channels[l]).toArray();
                bn.record(l, s, ChannelMoments.of(counts[l], mean, m2));
            }
        }
        return WorkerUpdate.of(64L * steps, steps, 0.5 * 64 * steps, p, u, bn, running, 1);
    }
}
