package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSettingsTest {
    private static final String PLUGIN = NativeStartupPlugin.class.getName();

    @Test
    void theNativeStartupPluginJoinsTheUsersPluginsOnce() {
        assertEquals(PLUGIN, SparkSettings.applyDefaults(new SparkConf(false)).get("spark.plugins"));
        SparkConf theirs = new SparkConf(false).set("spark.plugins", "com.example.Metrics");
        assertEquals("com.example.Metrics," + PLUGIN, SparkSettings.applyDefaults(theirs).get("spark.plugins"));
        assertEquals("com.example.Metrics," + PLUGIN, SparkSettings.applyDefaults(theirs).get("spark.plugins"));
        SparkConf already = new SparkConf(false).set("spark.plugins", PLUGIN + ", com.example.Metrics");
        assertEquals(PLUGIN + ", com.example.Metrics", SparkSettings.applyDefaults(already).get("spark.plugins"));
    }
}
