package io.bnsync.cli;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import io.bnsync.data.MnistDataset;
import io.bnsync.model.ChannelMoments;
import io.bnsync.train.BnRunningStats;
import io.bnsync.train.BnStepStats;
import io.bnsync.train.IndexedImage;
import io.bnsync.train.NetworkSpec;
import io.bnsync.train.PushReceipt;
import io.bnsync.train.RoundInput;
import io.bnsync.train.RoundResult;
import io.bnsync.train.Shard;
import io.bnsync.train.ShardPlan;
import io.bnsync.train.WorkerTelemetry;
import io.bnsync.train.WorkerUpdate;
import io.bnsync.transport.EndpointAddress;
import io.bnsync.transport.TaskKey;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;

/**
 * Kryo set-up for {@code spark.kryo.registrator}: ND4J's registrator for INDArrays (dl4j-spark
 * engine), and Java serialization for this project's records, whose final fields Kryo's field
 * serializer cannot set. ND4J's registrator loads ND4J: the natives are chosen before, in Main on the driver and by
 * NativeStartupPlugin ({@code spark.plugins}) on executors.
 */
public final class KryoSetup implements KryoRegistrator {
    private static final Class<?>[] JAVA_SERIALIZED = {
        MnistDataset.class, IndexedImage.class, Shard.class, ShardPlan.class, NetworkSpec.class, RoundInput.class,
        WorkerUpdate.class, RoundResult.class, WorkerTelemetry.class, BnStepStats.class, ChannelMoments.class, BnRunningStats.class,
        TaskKey.class, EndpointAddress.class, PushReceipt.class,
    };

    @Override
    public void registerClasses(Kryo kryo) {
        new Nd4jRegistrator().registerClasses(kryo);
        for (Class<?> type : JAVA_SERIALIZED) {
            kryo.register(type, new JavaSerializer());
        }
    }
}
