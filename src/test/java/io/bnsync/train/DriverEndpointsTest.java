package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bnsync.config.ConfigException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class DriverEndpointsTest {
    @Test
    void thePortIsZeroToTheLastPortAndNamesItselfOtherwise() {
        assertEquals(0, DriverEndpoints.parsePort("0"));
        assertEquals(65535, DriverEndpoints.parsePort(" 65535 "));
        for (String bad : new String[] {"-1", "65536", "seventy", ""}) {
            ConfigException e = assertThrows(ConfigException.class, () -> DriverEndpoints.parsePort(bad));
            assertEquals("invalid value '" + bad + "' for spark.bnsync.endpoint.port: expected a port number from 0"
                    + " (any free port) to 65535", e.getMessage());
        }
    }

    @Test
    void aFixedPortAnotherProcessHoldsIsRefusedBeforeTrainingAndAFreeOneIsLeftFree() throws Exception {
        SparkConf conf = new SparkConf(false).set("spark.driver.host", "127.0.0.1");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            conf.set(DriverEndpoints.PORT_PROPERTY, String.valueOf(taken.getLocalPort()));
            ConfigException e = assertThrows(ConfigException.class, () -> DriverEndpoints.check(conf));
            assertEquals("cannot listen for the tasks' pulls and pushes on 127.0.0.1:" + taken.getLocalPort()
                    + ": Address already in use (spark.bnsync.endpoint.port)", e.getMessage());
        }
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            free = probe.getLocalPort();
        }
        conf.set(DriverEndpoints.PORT_PROPERTY, String.valueOf(free));
        DriverEndpoints.check(conf);
        try (ServerSocket again = new ServerSocket(free, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(free, again.getLocalPort()); // the check closed what it opened
        }
    }
}
