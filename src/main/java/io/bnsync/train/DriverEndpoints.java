package io.bnsync.train;

import io.bnsync.config.ConfigException;
import io.bnsync.transport.DriverEndpoint;
import java.io.IOException;
import org.apache.spark.SparkConf;

/**
 * Where the driver's endpoint of the pushed merge ({@link PushedMerge}) listens: Spark's
 * {@code spark.driver.bindAddress} (else {@code spark.driver.host}, which tasks connect to), port
 * {@value #PORT_PROPERTY} (0, the default: any free port). The settings are read here only.
 */
public final class DriverEndpoints {
    public static final String PORT_PROPERTY = "spark.bnsync.endpoint.port";

    private interface Opener<T> {
        T open(String bindHost, String advertisedHost, int port) throws IOException;
    }

    private DriverEndpoints() {
    }

    /** The port setting's value, checked: 0 (any free port) to 65535, a one-line error naming it otherwise. */
    public static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ConfigException("invalid value '" + value + "' for " + PORT_PROPERTY
                + ": expected a port number from 0 (any free port) to 65535");
    }

    /**
     * Fails with a one-line error when a fixed port is set and the endpoint cannot listen there (another process
     * holds it): called before any output exists; the endpoint itself opens when training starts.
     */
    public static void check(SparkConf conf) {
        if (parsePort(conf.get(PORT_PROPERTY, "0")) != 0) {
            at(conf, (bind, host, port) -> {
                DriverEndpoint.open(WorkerUpdate.class, bind, host, port).close();
                return null;
            });
        }
    }

    static DriverEndpoint<WorkerUpdate> open(SparkConf conf) {
        return at(conf, (bind, host, port) -> DriverEndpoint.open(WorkerUpdate.class, bind, host, port));
    }

    private static <T> T at(SparkConf conf, Opener<T> opener) {
        String host = conf.get("spark.driver.host");
        int port = parsePort(conf.get(PORT_PROPERTY, "0"));
        try {
            return opener.open(conf.get("spark.driver.bindAddress", host), host, port);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(e.getMessage() + " (" + PORT_PROPERTY + ")");
        }
    }
}
