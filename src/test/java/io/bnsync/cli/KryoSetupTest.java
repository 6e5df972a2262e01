package io.bnsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bnsync.train.PushReceipt;
import io.bnsync.transport.EndpointAddress;
import io.bnsync.transport.TaskKey;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** Records travel through Kryo on clusters (conf/spark-defaults.conf); Kryo's field serializer cannot build them. */
class KryoSetupTest {
    private static final SerializerInstance KRYO = new KryoSerializer(new SparkConf()
            .set("spark.kryo.registrator", KryoSetup.class.getName())
            .set("spark.kryo.registrationRequired", "false")).newInstance();

    @Test
    void aPushedTasksResultAndTheEndpointAddressRoundTrip() {
        TaskKey key = new TaskKey(7, 3, 123_456_789_012L);
        assertEquals(key, roundTrip(key, TaskKey.class));
        PushReceipt receipt = new PushReceipt(key, 21_000_000L, 34_000_000L);
        assertEquals(receipt, roundTrip(receipt, PushReceipt.class));
        EndpointAddress address = new EndpointAddress("127.0.0.1", 40_123, new byte[] {1, 2, 3});
        assertEquals(address, roundTrip(address, EndpointAddress.class));
    }

    private static <T> T roundTrip(T value, Class<T> type) {
        ClassTag<T> tag = ClassTag$.MODULE$.apply(type);
        return KRYO.deserialize(KRYO.serialize(value, tag), tag);
    }
}
