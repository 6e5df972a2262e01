package io.bnsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The executors a training run asks YARN or Kubernetes for. */
class TaskSlotsTest {
    private static SparkConf conf(String master) {
        return new SparkConf(false).setMaster(master).set("spark.dynamicAllocation.enabled", "true");
    }

    @Test
    void oneExecutorPerWorkerWithTheDefaultOneTaskPerExecutor() {
        SparkConf conf = conf("yarn").set("spark.executor.cores", "2").set("spark.task.cpus", "2");
        TaskSlots.requestExecutors(conf, 8);
        assertEquals("8", conf.get("spark.executor.instances"));
        assertEquals("false", conf.get("spark.dynamicAllocation.enabled"));
    }

    @Test
    void executorsWithSeveralSlotsAreShared() {
        SparkConf conf = conf("k8s://https://api:443").set("spark.executor.cores", "4").set("spark.task.cpus", "2");
        TaskSlots.requestExecutors(conf, 5);
        assertEquals("3", conf.get("spark.executor.instances"));
    }

    @Test
    void anExplicitExecutorCountIsKept() {
        SparkConf conf = conf("yarn").set("spark.executor.instances", "1");
        TaskSlots.requestExecutors(conf, 4);
        assertEquals("1", conf.get("spark.executor.instances"));
        assertEquals("false", conf.get("spark.dynamicAllocation.enabled"));
    }

    @Test
    void standaloneAndLocalAreLeftAlone() {
        for (String master : new String[] {"spark://host:7077", "local[2]"}) {
            SparkConf conf = conf(master);
            TaskSlots.requestExecutors(conf, 4);
            assertFalse(conf.contains("spark.executor.instances"), master);
            assertEquals("true", conf.get("spark.dynamicAllocation.enabled"), master);
        }
    }
}
