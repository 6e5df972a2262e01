package io.bnsync.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An S3 API server on 127.0.0.1 (S3Proxy, Apache-licensed, its own JVM, objects in a local folder) and the
 * {@code fs.s3a.*} settings that point Hadoop's S3A client at it: path-style access, plain HTTP, static keys.
 * {@link #close()} stops the server by PID, also when a test failed.
 */
public final class LocalS3 implements AutoCloseable {
    static final String ACCESS_KEY = "bnsync-test-access";
    static final String SECRET_KEY = "bnsync-test-secret";
    private static final String ARTIFACT = "org.gaul:s3proxy:2.1.0:jar:jar-with-dependencies";

    private final Path workDir;
    private final int port = freePort();
    private Process server;

    public LocalS3(Path workDir) {
        this.workDir = workDir;
    }

    /** Starts the server with an empty bucket per name. */
    public void start(String... buckets) throws Exception {
        Path blobs = Files.createDirectories(workDir.resolve("blobs"));
        for (String bucket : buckets) {
            Files.createDirectories(blobs.resolve(bucket));
        }
        Path conf = workDir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + blobs, ""));
        server = new ProcessBuilder("java", "-Xmx512m", "-jar", serverJar().toString(), "--properties", conf.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("s3proxy.log").toFile()).start();
        awaitPort();
    }

    /** The S3A settings a Hadoop client needs for this server. */
    public Map<String, String> hadoopSettings() {
        return Map.ofEntries(
                Map.entry("fs.s3a.endpoint", "http://127.0.0.1:" + port),
                Map.entry("fs.s3a.path.style.access", "true"),
                Map.entry("fs.s3a.connection.ssl.enabled", "false"),
                Map.entry("fs.s3a.access.key", ACCESS_KEY),
                Map.entry("fs.s3a.secret.key", SECRET_KEY),
                Map.entry("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"),
                Map.entry("fs.s3a.change.detection.mode", "none"),
                // Keep parent "directory" markers: S3A would otherwise delete them after every write, a bulk
                // delete S3Proxy answers too slowly for a test (and what Hadoop recommends for new buckets anyway).
                Map.entry("fs.s3a.directory.marker.retention", "keep"),
                Map.entry("fs.s3a.connection.timeout", "20000"),
                Map.entry("fs.s3a.attempts.maximum", "2"),
                Map.entry("fs.s3a.retry.limit", "2"));
    }

    /** The jar-with-dependencies, copied from the local Maven repository (fetched once when missing). */
    private Path serverJar() throws IOException, InterruptedException {
        Path dir = LocalStandaloneCluster.PROJECT.resolve("target/s3proxy");
        Path jar = dir.resolve("s3proxy-2.1.0-jar-with-dependencies.jar");
        if (!Files.exists(jar)) {
            Process mvn = new ProcessBuilder(List.of("mvn", "-B", "-q", "dependency:copy", "-Dartifact=" + ARTIFACT,
                    "-DoutputDirectory=" + dir)).inheritIO().start();
            if (mvn.waitFor() != 0 || !Files.exists(jar)) {
                throw new IllegalStateException("could not fetch " + ARTIFACT);
            }
        }
        return jar;
    }

    private void awaitPort() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("S3Proxy exited: " + Files.readString(workDir.resolve("s3proxy.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("S3Proxy did not listen on port " + port);
    }

    @Override
    public void close() {
        if (server != null) {
            server.destroyForcibly();
            try {
                server.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
