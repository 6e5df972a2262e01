package io.bnsync.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;

/**
 * A real HDFS (one NameNode, one DataNode) and a real YARN (a ResourceManager and N NodeManagers that launch
 * container JVMs) on 127.0.0.1, in this JVM, as Spark tests its own YARN support (BaseYarnClusterSuite). The
 * clients' configuration is written to a HADOOP_CONF_DIR for spark-submit. {@link #close()} stops both and
 * kills any container process still alive, also when a test failed.
 */
final class LocalYarnCluster implements AutoCloseable {
    private static final String NAME = "bnsync-yarn-it";

    private final Path workDir;
    private MiniDFSCluster dfs;
    private MiniYARNCluster yarn;

    LocalYarnCluster(Path workDir) {
        this.workDir = workDir;
    }

    void start(int nodeManagers, int memoryMbPerNode, int coresPerNode) throws Exception {
        Configuration base = new Configuration();
        dfs = new MiniDFSCluster.Builder(base, workDir.resolve("dfs").toFile()).numDataNodes(1).build();
        dfs.waitActive();
        YarnConfiguration conf = new YarnConfiguration(dfs.getConfiguration(0));
        conf.set("fs.defaultFS", dfs.getURI().toString());
        conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
        conf.setInt(YarnConfiguration.NM_PMEM_MB, memoryMbPerNode);
        conf.setInt(YarnConfiguration.NM_VCORES, coresPerNode);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, memoryMbPerNode);
        // ND4J's off-heap arrays and JVMs' virtual reservations are not what these small containers are sized for.
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        // hadoop-client-minicluster has no capacity-scheduler.xml.
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
        // Finished containers' logs and folders stay for the assertions (and for a person reading a failure).
        conf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 600);
        yarn = new MiniYARNCluster(NAME, nodeManagers, 1, 1);
        yarn.init(conf);
        yarn.start();
        awaitResourceManagerAddress();
        writeClientConfiguration();
    }

    /** MiniYARNCluster may return from start() before the RM's real port is in its configuration. */
    private void awaitResourceManagerAddress() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ResourceManager did not come up");
            }
            Thread.sleep(100);
        }
    }

    /**
     * What a cluster's client configuration holds: the file system and the ResourceManager's addresses (not the
     * mini clusters' own test settings, some of which name classes only their test jars have).
     */
    private void writeClientConfiguration() throws IOException {
        Path confDir = Files.createDirectories(confDir());
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", dfs.getURI().toString());
        write(core, confDir.resolve("core-site.xml"));
        Configuration hdfs = new Configuration(false);
        hdfs.set("dfs.replication", "1");
        write(hdfs, confDir.resolve("hdfs-site.xml"));
        Configuration client = new Configuration(false);
        for (String key : List.of(YarnConfiguration.RM_HOSTNAME, YarnConfiguration.RM_ADDRESS,
                YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
                YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS)) {
            client.set(key, yarn.getConfig().get(key));
        }
        write(client, confDir.resolve("yarn-site.xml"));
    }

    private static void write(Configuration conf, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            conf.writeXml(out);
        }
    }

    Path confDir() {
        return workDir.resolve("hadoop-conf");
    }

    /** What spark-submit needs to find the cluster (plus SPARK_HOME, from the caller). */
    Map<String, String> environment() {
        return Map.of("HADOOP_CONF_DIR", confDir().toString(), "SPARK_LOCAL_IP", "127.0.0.1",
                "SPARK_SCALA_VERSION", "2.12");
    }

    /** The HDFS URI of {@code path}. */
    String hdfs(String path) {
        return dfs.getURI() + path;
    }

    FileSystem fileSystem() throws IOException {
        return dfs.getFileSystem();
    }

    Configuration configuration() {
        return yarn.getConfig();
    }

    /** The application's final status as the ResourceManager recorded it. */
    FinalApplicationStatus finalStatus(String applicationId) {
        return app(applicationId).getFinalApplicationStatus();
    }

    /** How many attempts YARN made of the application. */
    int attempts(String applicationId) {
        return app(applicationId).getAppAttempts().size();
    }

    String diagnostics(String applicationId) {
        return app(applicationId).getDiagnostics().toString();
    }

    /** The id of the application submitted last. */
    String lastApplication() {
        return yarn.getResourceManager().getRMContext().getRMApps().values().stream()
                .max(java.util.Comparator.comparingLong(RMApp::getSubmitTime))
                .map(a -> a.getApplicationId().toString()).orElseThrow();
    }

    private RMApp app(String applicationId) {
        return yarn.getResourceManager().getRMContext().getRMApps().get(ApplicationId.fromString(applicationId));
    }

    /** The stderr files of the application's containers (NodeManager log folders), one per container. */
    List<Path> containerLogs(String applicationId) throws IOException {
        try (Stream<Path> files = Files.walk(testDataDir())) {
            return files.filter(p -> p.getFileName().toString().equals("stderr"))
                    .filter(p -> p.toString().contains(applicationId)).toList();
        }
    }

    /** The working folders of the application's containers (kept: the NodeManagers delete them late). */
    List<Path> containerFolders(String applicationId) throws IOException {
        try (Stream<Path> files = Files.walk(testDataDir())) {
            return files.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith("container_"))
                    .filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals(applicationId))
                    .toList();
        }
    }

    /** Deletes the jars and natives the finished applications' containers localized and extracted (logs stay). */
    void pruneLocalFolders() {
        BulkFiles.prune(testDataDir());
    }

    /** Where MiniYARNCluster keeps its NodeManagers' local and log folders (relative to the working directory). */
    static Path testDataDir() {
        return Path.of("target", "test", "data", NAME);
    }

    /** Live executor JVMs launched by the NodeManagers (children of this JVM). */
    List<ProcessHandle> executors() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/java")) // not the containers' launch scripts
                .filter(p -> p.info().commandLine().orElse("").contains("YarnCoarseGrainedExecutorBackend")).toList();
    }

    @Override
    public void close() {
        try {
            if (yarn != null) {
                yarn.stop();
            }
        } finally {
            try {
                if (dfs != null) {
                    dfs.shutdown();
                }
            } finally {
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            }
        }
    }
}
