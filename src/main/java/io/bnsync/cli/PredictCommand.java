package io.bnsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bnsync.config.ConfigException;
import io.bnsync.data.DigitInput;
import io.bnsync.data.DigitInputs;
import io.bnsync.model.DigitPredictions;
import io.bnsync.model.ModelFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code predict}: the digit and class probabilities of images, with a saved model; no Spark. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify digit images with a saved model.",
            "INPUT is an image file (PNG, JPEG, ...; any size, colour or gray, dark-on-light is inverted) "
                    + "or an MNIST IDX images file (gzip or raw; its first --limit images)."})
final class PredictCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "model.zip written by train (path or URI).")
    String model;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image or IDX images files (paths or URIs).")
    List<String> inputs;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N images per IDX file (default 100).")
    int limit;

    @Option(names = "--json", description = "Print a JSON array of {source, digit, probabilities} instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        if (limit <= 0) {
            throw new ConfigException("--limit must be > 0, got " + limit);
        }
        Configuration conf = SparkSessions.hadoopConfiguration();
        // Inputs first: a bad file fails in a moment, before the model is loaded.
        List<DigitInput> digits = new ArrayList<>();
        for (String input : inputs) {
            digits.addAll(DigitInputs.load(input, limit, conf));
        }
        MultiLayerNetwork net = ModelFiles.read(model, conf);
        double[][] probabilities = DigitPredictions.probabilities(net, digits);
        System.out.print(json ? json(digits, probabilities) : table(digits, probabilities));
        return ExitCode.OK;
    }

    private static String table(List<DigitInput> digits, double[][] probabilities) {
        int width = Math.max("source".length(), digits.stream().mapToInt(d -> d.source().length()).max().orElse(0));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s  digit", "source"));
        for (int c = 0; c < 10; c++) {
            out.append(String.format(Locale.ROOT, "  %6s", "p" + c));
        }
        out.append(System.lineSeparator());
        for (int i = 0; i < digits.size(); i++) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s  %5d", digits.get(i).source(),
                    DigitPredictions.digit(probabilities[i])));
            for (double p : probabilities[i]) {
                out.append(String.format(Locale.ROOT, "  %6.4f", p));
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    /** One compact object per line: valid JSON that stays readable for a hundred images. */
    private static String json(List<DigitInput> digits, double[][] probabilities) {
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < digits.size(); i++) {
            ObjectNode o = JSON.createObjectNode();
            o.put("source", digits.get(i).source());
            o.put("digit", DigitPredictions.digit(probabilities[i]));
            var array = o.putArray("probabilities");
            for (double p : probabilities[i]) {
                array.add(p);
            }
            try {
                objects.add("  " + JSON.writeValueAsString(o));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return "[" + System.lineSeparator() + String.join("," + System.lineSeparator(), objects)
                + System.lineSeparator() + "]" + System.lineSeparator();
    }
}
