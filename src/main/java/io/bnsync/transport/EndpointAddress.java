package io.bnsync.transport;

import java.io.Serializable;
import java.util.Arrays;

/** Where a run's tasks reach the driver's endpoint: its host and port, and the run's secret (never printed). */
public record EndpointAddress(String host, int port, byte[] secret) implements Serializable {
    public EndpointAddress {
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EndpointAddress a && a.host.equals(host) && a.port == port
                && Arrays.equals(a.secret, secret);
    }

    @Override
    public int hashCode() {
        return host.hashCode() * 31 + port;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
