package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.config.ConfigException;
import io.bnsync.config.TrainConfig;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class WorkerCountTest {
    @Test
    void autoIsOneWorkerPerLocalCoreAndAGivenCountStays() {
        TrainConfig auto = TrainFixtures.config();
        assertEquals(TrainConfig.AUTO_WORKERS, auto.workers());
        assertEquals(2, WorkerCount.resolve(auto, TrainFixtures.spark().sc()).workers()); // local[2]
        assertEquals(3, WorkerCount.resolve(TrainFixtures.config("workers", "3"), TrainFixtures.spark().sc()).workers());
    }

    @Test
    void onAClusterAutoIsTheTaskSlotsAskedForOrAClearError() {
        SparkConf conf = new SparkConf().set("spark.executor.instances", "4").set("spark.executor.cores", "2");
        assertEquals(8, WorkerCount.clusterSlots(conf));
        assertEquals(4, WorkerCount.clusterSlots(conf.clone().set("spark.task.cpus", "2")));
        ConfigException e = assertThrows(ConfigException.class, () -> WorkerCount.clusterSlots(new SparkConf()));
        assertTrue(e.getMessage().contains("--workers"), e.getMessage());
    }
}
