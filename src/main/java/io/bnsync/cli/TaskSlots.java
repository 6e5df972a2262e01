package io.bnsync.cli;

import io.bnsync.config.ConfigException;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * Task slots for the workers of a run on a cluster manager. The rounds engine runs one task per worker per
 * round; with fewer slots than workers a round runs in waves and every worker waits for the slowest wave, so a
 * cluster that grants too few executors is refused with a clear message instead of training at a fraction of
 * its speed. Local mode is exempt: there many workers on few cores are a supported way to test.
 */
final class TaskSlots {
    /** How long to wait for executors to register, in seconds (a Spark setting, so --conf can change it). */
    static final String WAIT_PROPERTY = "spark.bnsync.executorWaitSeconds";
    private static final int DEFAULT_WAIT_SECONDS = 180;

    private TaskSlots() {
    }

    /** On YARN and Kubernetes: executors for {@code workers} tasks unless set, and no dynamic allocation. */
    static void requestExecutors(SparkConf conf, int workers) {
        String master = conf.get("spark.master", "");
        if (!master.equals("yarn") && !master.startsWith("k8s://")) {
            return;
        }
        int slotsPerExecutor = Math.max(1, conf.getInt("spark.executor.cores", 1) / conf.getInt("spark.task.cpus", 1));
        conf.setIfMissing("spark.executor.instances", String.valueOf((workers + slotsPerExecutor - 1) / slotsPerExecutor));
        conf.set("spark.dynamicAllocation.enabled", "false");
    }

    /**
     * Waits until the application has at least {@code workers} task slots, and refuses to go on when it does not
     * get them in time. Does nothing in local mode.
     */
    static void require(SparkContext sc, int workers) {
        if (sc.isLocal()) {
            return;
        }
        long deadline = System.nanoTime() + sc.getConf().getInt(WAIT_PROPERTY, DEFAULT_WAIT_SECONDS) * 1_000_000_000L;
        int slots = slots(sc);
        while (slots < workers && System.nanoTime() < deadline) {
            sleep();
            slots = slots(sc);
        }
        if (slots < workers) {
            throw new ConfigException("--workers " + workers + " needs " + workers + " task slots but the application has "
                    + slots + " (executors x spark.executor.cores / spark.task.cpus) after waiting "
                    + sc.getConf().getInt(WAIT_PROPERTY, DEFAULT_WAIT_SECONDS) + " s: ask the cluster for more executors"
                    + " or use fewer workers");
        }
    }

    /** Tasks that can run at once now (Spark's own count, as used for barrier stages). */
    private static int slots(SparkContext sc) {
        return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for executors", e);
        }
    }
}
