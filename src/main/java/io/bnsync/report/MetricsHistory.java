package io.bnsync.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.data.DataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The round and epoch lines of a {@code metrics.jsonl}, parsed into what the plots need. Lines of
 * other types (e.g. a {@code "diverged"} marker) and blank lines are ignored, so the file format
 * can grow without breaking the plots.
 */
final class MetricsHistory {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One {@code "type":"round"} line; {@code relVarDrift} is keyed by BN layer index. */
    record Round(int round, int epoch, double loss, Map<Integer, Double> relVarDrift) {
    }

    /** One {@code "type":"epoch"} line; {@code testAccuracy} is empty when the trainer did not evaluate. */
    record Epoch(int epoch, double loss, OptionalDouble testAccuracy) {
    }

    private final List<Round> rounds;
    private final List<Epoch> epochs;

    private MetricsHistory(List<Round> rounds, List<Epoch> epochs) {
        this.rounds = List.copyOf(rounds);
        this.epochs = List.copyOf(epochs);
    }

    /** Parses the lines of a metrics.jsonl; a line that is not a JSON object is a {@link DataException}. */
    static MetricsHistory parse(List<String> lines) {
        List<Round> rounds = new ArrayList<>();
        List<Epoch> epochs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = readObject(line, i + 1);
            switch (node.path("type").asText()) {
                case "round" -> rounds.add(round(node));
                case "epoch" -> epochs.add(epoch(node));
                default -> {
                    // Other record types carry nothing to plot.
                }
            }
        }
        return new MetricsHistory(rounds, epochs);
    }

    private static JsonNode readObject(String line, int lineNumber) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new DataException("metrics.jsonl line " + lineNumber + ": not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new DataException("metrics.jsonl line " + lineNumber + ": not JSON ("
                    + e.getOriginalMessage() + ")");
        }
    }

    private static Round round(JsonNode node) {
        Map<Integer, Double> drift = new TreeMap<>();
        for (JsonNode layer : node.path("bn_drift")) {
            if (layer.hasNonNull("max_rel_var_diff")) {
                drift.put(layer.path("bn_layer").asInt(), layer.get("max_rel_var_diff").asDouble());
            }
        }
        return new Round(node.path("round").asInt(), node.path("epoch").asInt(), number(node, "loss"), drift);
    }

    private static Epoch epoch(JsonNode node) {
        OptionalDouble accuracy = node.hasNonNull("test_accuracy")
                ? OptionalDouble.of(node.get("test_accuracy").asDouble()) : OptionalDouble.empty();
        return new Epoch(node.path("epoch").asInt(), number(node, "loss"), accuracy);
    }

    /** NaN for a missing field; Jackson writes non-finite doubles as the strings "NaN"/"Infinity". */
    private static double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Double.NaN;
        }
        return value.isNumber() ? value.asDouble() : parseOrNaN(value.asText());
    }

    private static double parseOrNaN(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    List<Round> rounds() {
        return rounds;
    }

    List<Epoch> epochs() {
        return epochs;
    }

    /** The last round of {@code epoch}, where the epoch's mean loss is drawn on a per-round axis. */
    OptionalInt lastRoundOf(int epoch) {
        return rounds.stream().filter(r -> r.epoch() == epoch).mapToInt(Round::round).max();
    }

    /** The highest epoch seen in any line, or empty for an empty history. */
    OptionalInt lastEpoch() {
        OptionalInt fromEpochs = epochs.stream().mapToInt(Epoch::epoch).max();
        return fromEpochs.isPresent() ? fromEpochs : rounds.stream().mapToInt(Round::epoch).max();
    }

    /** BN layer indices that occur in any round's drift, ascending. */
    List<Integer> bnLayers() {
        return rounds.stream().flatMap(r -> r.relVarDrift().keySet().stream()).distinct().sorted().toList();
    }
}
