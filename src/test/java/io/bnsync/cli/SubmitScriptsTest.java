package io.bnsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spark-submit commands the submit/ scripts build ({@code --dry-run}), and the image k8s.sh expects. */
class SubmitScriptsTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @Test
    void kubernetesRunsTheJarInsideTheImageInClusterMode() throws Exception {
        String command = dryRun("submit/k8s.sh", Map.of("BNSYNC_K8S_IMAGE", "registry/bnsync:0.1"),
                "--master", "k8s://https://api:443", "train", "--workers", "4");
        assertTrue(command.contains("--master k8s://https://api:443 --deploy-mode cluster"), command);
        assertTrue(command.contains("spark.kubernetes.container.image=registry/bnsync:0.1"), command);
        assertTrue(command.contains("local:///opt/bnsync/bnsync-spark.jar train --workers 4"), command);
        assertTrue(command.contains("-Dorg.bytedeco.javacpp.cachedir=javacpp-cache"), command);
    }

    @Test
    void theDockerfilePutsTheJarWhereK8sShLooksForIt() throws IOException {
        String dockerfile = Files.readString(PROJECT.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("COPY target/bnsync-spark.jar /opt/bnsync/bnsync-spark.jar"), dockerfile);
        assertTrue(dockerfile.lines().anyMatch(l -> l.matches("FROM apache/spark:3\\.5\\.\\d+-scala2\\.12-java17-.*")),
                dockerfile);
        assertTrue(Files.readString(PROJECT.resolve("submit/k8s.sh")).contains("local:///opt/bnsync/bnsync-spark.jar"));
    }

    @Test
    void yarnClusterModeShipsTheLogConfigAndSetsTheContainersJava() throws Exception {
        String command = dryRun("submit/yarn.sh", Map.of(), "--deploy-mode", "cluster", "--java-home", "/opt/jdk17",
                "train", "--workers", "8");
        assertTrue(command.contains("--master yarn --deploy-mode cluster"), command);
        assertTrue(command.contains("spark.yarn.appMasterEnv.JAVA_HOME=/opt/jdk17"), command);
        assertTrue(command.contains("spark.executorEnv.JAVA_HOME=/opt/jdk17"), command);
        assertTrue(command.contains("--files " + PROJECT.resolve("conf/log4j2.properties") + "#bnsync-log4j2.properties"),
                command);
        assertTrue(command.contains("-Dlog4j2.configurationFile=bnsync-log4j2.properties"), command);
        assertTrue(command.contains("--properties-file " + PROJECT.resolve("conf/spark-defaults.conf")), command);
    }

    @Test
    void clientModeKeepsTheDriversOwnLoggingAndHome() throws Exception {
        String command = dryRun("submit/yarn.sh", Map.of(), "train");
        String driverOptions = command.substring(command.indexOf("spark.driver.extraJavaOptions="),
                command.indexOf("spark.executor.extraJavaOptions="));
        assertFalse(driverOptions.contains("javacpp.cachedir"), driverOptions);
        assertFalse(command.contains("--files"), command);
        assertFalse(command.contains("JAVA_HOME"), command);
    }

    @Test
    void theOneAttemptSettingIsInTheDefaults() throws IOException {
        assertTrue(Files.readAllLines(PROJECT.resolve("conf/spark-defaults.conf")).stream()
                .anyMatch(l -> l.matches("spark\\.yarn\\.maxAppAttempts\\s+1")));
    }

    @Test
    void everyJvmThatRunsNativeCodeGetsTheShortOpenMpSpin() throws IOException {
        List<String> defaults = Files.readAllLines(PROJECT.resolve("conf/spark-defaults.conf"));
        for (String key : List.of("spark.executorEnv", "spark.yarn.appMasterEnv", "spark.kubernetes.driverEnv")) {
            String line = key.replace(".", "\\.") + "\\.GOMP_SPINCOUNT\\s+10000";
            assertTrue(defaults.stream().anyMatch(l -> l.matches(line)), key);
        }
        assertTrue(Files.readString(PROJECT.resolve("Dockerfile")).contains("ENV GOMP_SPINCOUNT=10000"));
        for (String script : List.of("submit/local.sh", "submit/lib.sh")) {
            assertTrue(Files.readString(PROJECT.resolve(script))
                    .contains("export GOMP_SPINCOUNT=\"${GOMP_SPINCOUNT:-10000}\""), script);
        }
    }

    /** The command a script prints with --dry-run, with its shell quoting of spaces undone. */
    private static String dryRun(String script, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROJECT.resolve(script).toString(), "--dry-run"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.replace("\\ ", " ").strip();
    }
}
