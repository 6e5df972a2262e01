package io.bnsync.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.config.TrainConfig;
import io.bnsync.config.TrainConfigLoader;
import io.bnsync.store.OutputException;
import io.bnsync.store.RunDirectory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads back the effective configuration a run recorded in its {@code config.json}. */
public final class RecordedConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedConfig() {
    }

    /**
     * @param progressSeconds a new progress interval, or null to keep the recorded one
     */
    public static TrainConfig read(RunDirectory run, String progressSeconds) {
        if (!run.exists("config.json")) {
            throw new OutputException(run.uri() + ": no config.json (not a run directory)");
        }
        Map<String, String> recorded = new LinkedHashMap<>();
        try {
            JsonNode root = JSON.readTree(run.readString("config.json"));
            root.fields().forEachRemaining(e -> recorded.put(e.getKey(), e.getValue().asText()));
        } catch (IOException e) {
            throw new OutputException(run.uri() + "/config.json: unreadable: " + e.getMessage());
        }
        if (progressSeconds != null) {
            recorded.put("progress-seconds", progressSeconds);
        }
        return TrainConfigLoader.load(null, recorded, Map.of());
    }
}
