package io.bnsync.cli;

import static io.bnsync.cli.TrainCommandTest.DIGITS;
import static io.bnsync.cli.TrainCommandTest.captureStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.model.SeedNet;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode bench(String... args) throws IOException {
        String[] full = new String[args.length + 3];
        full[0] = "bench";
        full[1] = "--data";
        full[2] = DIGITS.toString();
        System.arraycopy(args, 0, full, 3, args.length);
        String out = captureStdout(() -> assertEquals(ExitCode.OK, Main.run(full)));
        return JSON.readTree(out.substring(out.indexOf('{')));
    }

    @Test
    void concurrentTrainingsReportOneFigurePerNetAndTheirSum() throws IOException {
        JsonNode result = bench("--mode", "single", "--batches", "3", "--warmup", "1", "--nets", "2");
        JsonNode each = result.get("train_samples_per_second_each");
        assertEquals(2, each.size());
        assertTrue(each.get(0).asDouble() > 0 && each.get(1).asDouble() > 0, each.toString());
        assertEquals(each.get(0).asDouble() + each.get(1).asDouble(),
                result.get("train_samples_per_second").asDouble(), 1e-9);
    }

    @Test
    void roundsEngineReportsSteadyStateRoundsAndFloatResultsPerWorker() throws IOException {
        JsonNode result = bench("--mode", "engine", "--workers", "2", "--cores", "2", "--limit-train", "512",
                "--averaging-frequency", "2");
        assertEquals(2, result.get("rounds").asInt());
        assertEquals(2, result.get("round_job_overhead_seconds_each").size());
        double share = result.get("round_overhead_share_after_first").asDouble();
        assertTrue(share > 0 && share < 1, "steady-state overhead share " + share);
        long updaterState = 2 * SeedNet.TRAINABLE_PARAMS; // Adadelta: two values per trainable parameter
        assertEquals(2 * (SeedNet.TOTAL_PARAMS + updaterState) * Float.BYTES,
                result.get("bytes_collected_per_round").asLong());
    }

    @Test
    void mergeModeTimesTheCommunicationPathOfBothSerializersWithoutData() throws IOException {
        String out = captureStdout(() -> assertEquals(ExitCode.OK,
                Main.run("bench", "--mode", "merge", "--workers", "2", "--repeats", "1")));
        JsonNode result = JSON.readTree(out.substring(out.indexOf('{')));
        long arrays = (SeedNet.TOTAL_PARAMS + 2 * SeedNet.TRAINABLE_PARAMS) * Float.BYTES;
        for (String serializer : List.of("java", "kryo")) {
            JsonNode figures = result.get(serializer);
            long bytes = figures.get("result_bytes").asLong();
            assertTrue(bytes > arrays && bytes < arrays * 1.02, serializer + ": a result is its float arrays, " + bytes);
            assertTrue(figures.get("seconds_per_result").asDouble() > 0, figures.toString());
        }
    }

    @Test
    void scoringModeReportsSingleJvmAndDistributedThroughput() throws IOException {
        JsonNode result = bench("--mode", "score", "--cores", "2", "--limit-train", "512");
        assertEquals(512, result.get("images").asInt());
        for (String figure : List.of("single_jvm_images_per_second", "score_inference_images_per_second",
                "score_parquet_to_parquet_images_per_second")) {
            assertTrue(result.get(figure).asDouble() > 0, figure + " in " + result);
        }
    }
}
