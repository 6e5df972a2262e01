package io.bnsync.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real Spark standalone cluster on 127.0.0.1: one Master and N Workers, each its own JVM,
 * started from a SPARK_HOME laid out from Maven's Spark jars. {@link #close()} stops every process
 * it started (and their children: executors, drivers), by PID, also when a test failed.
 */
final class LocalStandaloneCluster implements AutoCloseable {
    static final Path PROJECT = Path.of("").toAbsolutePath();

    private final Path sparkHome;
    private final Path workDir;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private final int masterPort = freePort();
    private final int masterUiPort = freePort();
    private final List<Path> workerDirs = new ArrayList<>();

    LocalStandaloneCluster(Path sparkHome, Path workDir) {
        this.sparkHome = sparkHome;
        this.workDir = workDir;
    }

    /**
     * Lays out SPARK_HOME (jars from src/test/spark-home/pom.xml, bin/spark-submit), again whenever that pom
     * changed since (its content is kept beside the jars).
     */
    static Path prepareSparkHome(Path sparkHome) throws IOException, InterruptedException {
        Path jars = sparkHome.resolve("jars");
        Path pom = PROJECT.resolve("src/test/spark-home/pom.xml");
        Path laidOutFrom = sparkHome.resolve("laid-out-from.xml");
        if (!Files.exists(laidOutFrom) || Files.mismatch(pom, laidOutFrom) != -1) {
            org.apache.commons.io.FileUtils.deleteDirectory(jars.toFile());
            Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-f", pom.toString(),
                    "dependency:copy-dependencies", "-DoutputDirectory=" + jars)
                    .inheritIO().start();
            if (mvn.waitFor() != 0) {
                throw new IllegalStateException("could not lay out " + jars);
            }
            Files.copy(pom, laidOutFrom, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        // What a distribution's bin/spark-submit boils down to: spark-class with the driver's JVM options and a
        // classpath of the jars plus the Hadoop/YARN client configuration folders (as Spark's launcher builds it).
        Path submit = sparkHome.resolve("bin/spark-submit");
        Files.createDirectories(submit.getParent());
        Files.writeString(submit, "#!/usr/bin/env bash\n"
                + "exec java -Xmx2g " + javaOpens() + " -cp \"${HADOOP_CONF_DIR:+$HADOOP_CONF_DIR:}"
                + "${YARN_CONF_DIR:+$YARN_CONF_DIR:}$SPARK_HOME/jars/*\" org.apache.spark.deploy.SparkSubmit \"$@\"\n");
        submit.toFile().setExecutable(true);
        return sparkHome;
    }

    void start(int workerCount, int coresPerWorker) throws Exception {
        startJvm("master", Map.of(), List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", "" + masterPort, "--webui-port", "" + masterUiPort));
        awaitJson(json -> json.contains("\"status\" : \"ALIVE\"") || json.contains("\"status\":\"ALIVE\""), 60);
        for (int i = 0; i < workerCount; i++) {
            Path dir = Files.createDirectories(workDir.resolve("worker-" + i));
            workerDirs.add(dir);
            // Executors' scratch (their fetched copy of the jar among it) inside the worker's folder, not in /tmp:
            // a Worker killed by a test or by close() cannot clean it up.
            Path scratch = Files.createDirectories(dir.resolve("local"));
            Map<String, String> env = Map.of("SPARK_LOCAL_DIRS", scratch.toString());
            workers.add(startJvm("worker-" + i, env, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "" + coresPerWorker, "--memory", "6g", "--webui-port", "" + freePort(),
                    "--work-dir", dir.toString(), masterUrl())));
        }
        awaitJson(json -> count(json, "\"state\" : \"ALIVE\"") + count(json, "\"state\":\"ALIVE\"") >= workerCount, 90);
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    List<Path> workerDirs() {
        return workerDirs;
    }

    /** Deletes the jars and natives the finished applications' executors and drivers copied (logs stay). */
    void pruneWorkFolders() {
        workerDirs.forEach(BulkFiles::prune);
    }

    Map<String, String> environment() {
        return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.12",
                "SPARK_LOCAL_IP", "127.0.0.1");
    }

    /** Kills Worker {@code i} and the executors it launched, as a machine failure would (SIGKILL). */
    void killWorker(int i) {
        Process worker = workers.get(i);
        worker.descendants().forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();
    }

    private Process startJvm(String name, Map<String, String> env, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m"));
        command.addAll(List.of(javaOpens().split(" ")));
        command.addAll(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*"));
        command.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(workDir.resolve(name + ".log").toFile());
        pb.environment().putAll(environment());
        pb.environment().putAll(env);
        Process process = pb.start();
        processes.add(process);
        return process;
    }

    private void awaitJson(java.util.function.Predicate<String> ready, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (ready.test(last)) {
                    return;
                }
            } catch (IOException notYet) {
                // the Master is still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("cluster not ready after " + seconds + " s; master said: " + last);
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String javaOpens() {
        try (InputStream in = Files.newInputStream(PROJECT.resolve("conf/jvm.properties"))) {
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return p.getProperty("java17.opens");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
