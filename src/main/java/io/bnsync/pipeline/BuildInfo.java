package io.bnsync.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build, recorded in provenance (from the filtered bnsync-build.properties). */
public final class BuildInfo {
    private BuildInfo() {
    }

    public static String version() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/bnsync-build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
