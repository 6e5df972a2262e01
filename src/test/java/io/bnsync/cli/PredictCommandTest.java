package io.bnsync.cli;

import static io.bnsync.cli.TrainCommandTest.captureStderr;
import static io.bnsync.cli.TrainCommandTest.captureStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.data.MnistDataset;
import io.bnsync.data.MnistFiles;
import io.bnsync.model.MnistBatches;
import io.bnsync.model.ModelFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} with a small model trained once on synthetic digits: the first 20 test digits as
 * 28x28 gray PNGs, as 56x56 black-on-white RGB PNGs, and straight from the IDX file.
 */
class PredictCommandTest {
    private static final Path DATA = TrainCommandTest.DIGITS;
    private static final int DIGITS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static String model;
    static MnistDataset test;
    /** What the net itself says for the 20 digits, features built as in training. */
    static int[] expected;
    static List<String> plainPngs = new ArrayList<>();
    static List<String> invertedPngs = new ArrayList<>();

    @BeforeAll
    static void trainAndWriteImages() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(ExitCode.OK, Main.run("train", "--data", DATA.toString(), "--limit-train", "1000",
                "--limit-test", "200", "--master", "local[2]", "--out", run.toString()));
        model = run.resolve("model.zip").toString();
        Configuration conf = new Configuration();
        test = MnistFiles.load(DATA.toString(), MnistFiles.Split.TEST, conf).head(DIGITS);
        MultiLayerNetwork net = ModelFiles.read(model, conf);
        expected = argmax(net.output(MnistBatches.batch(test, 0, DIGITS).getFeatures(), false).toDoubleMatrix());
        Files.createDirectories(dir.resolve("plain"));
        Files.createDirectories(dir.resolve("inverted"));
        for (int i = 0; i < DIGITS; i++) {
            Path plain = dir.resolve("plain/digit-" + i + ".png");
            ImageIO.write(gray28(test.image(i)), "png", plain.toFile());
            plainPngs.add(plain.toString());
            Path inverted = dir.resolve("inverted/digit-" + i + ".png");
            ImageIO.write(invertedRgb56(test.image(i)), "png", inverted.toFile());
            invertedPngs.add(inverted.toString());
        }
    }

    @Test
    void grayPngsOfDigitsGetExactlyTheNetsPredictions() throws IOException {
        JsonNode predictions = predictJson(plainPngs);
        assertEquals(DIGITS, predictions.size());
        int correct = 0;
        for (int i = 0; i < DIGITS; i++) {
            JsonNode p = predictions.get(i);
            assertEquals(plainPngs.get(i), p.get("source").asText());
            assertEquals(expected[i], p.get("digit").asInt(), "digit " + i);
            assertEquals(10, p.get("probabilities").size());
            correct += p.get("digit").asInt() == test.label(i) ? 1 : 0;
        }
        assertTrue(correct >= 15, correct + " of 20 correct");
    }

    @Test
    void invertedUpscaledColourPngsMostlyAgree() throws IOException {
        JsonNode predictions = predictJson(invertedPngs);
        int agree = 0;
        for (int i = 0; i < DIGITS; i++) {
            agree += predictions.get(i).get("digit").asInt() == expected[i] ? 1 : 0;
        }
        assertTrue(agree >= 16, agree + " of 20 agree");
    }

    @Test
    void idxFileGivesItsFirstLimitImages() throws IOException {
        String idx = DATA.resolve("t10k-images-idx3-ubyte.gz").toString();
        JsonNode predictions = predictJson(List.of(idx, "--limit", "5"));
        assertEquals(5, predictions.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(idx + "#" + i, predictions.get(i).get("source").asText());
            assertEquals(expected[i], predictions.get(i).get("digit").asInt(), "same pixels, same digit");
        }
    }

    @Test
    void tablePrintsOneRowPerImage() {
        String out = captureStdout(() -> assertEquals(ExitCode.OK,
                Main.run("predict", "--model", model, plainPngs.get(0), plainPngs.get(1))));
        List<String> rows = out.lines().filter(l -> l.contains("digit-")).toList();
        assertEquals(2, rows.size(), out);
        assertTrue(out.contains("source") && out.contains("p9"), out);
        assertTrue(rows.get(0).split("\\s+")[1].equals(String.valueOf(expected[0])), rows.get(0));
    }

    @Test
    void aFileThatIsNoImageExitsWithDataErrorNamingIt() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a picture of a digit\n");
        String err = captureStderr(() -> assertEquals(ExitCode.DATA,
                Main.run("predict", "--model", model, plainPngs.get(0), text.toString())));
        assertTrue(err.contains("notes.txt"), err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
    }

    private static JsonNode predictJson(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("predict", "--model", model, "--json"));
        command.addAll(args);
        String out = captureStdout(() -> assertEquals(ExitCode.OK, Main.run(command.toArray(String[]::new))));
        return JSON.readTree(out.substring(out.indexOf("[" + System.lineSeparator())));
    }

    private static int[] argmax(double[][] rows) {
        int[] best = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 1; c < rows[i].length; c++) {
                if (rows[i][c] > rows[i][best[i]]) {
                    best[i] = c;
                }
            }
        }
        return best;
    }

    private static BufferedImage gray28(byte[] pixels) {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, 28, 28, pixels);
        return image;
    }

    /** Black on white, bilinearly enlarged to 56x56, saved as RGB: how a scanned digit looks. */
    private static BufferedImage invertedRgb56(byte[] pixels) {
        BufferedImage image = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                int v = 255 - (int) Math.round(bilinear(pixels, (x + 0.5) / 2 - 0.5, (y + 0.5) / 2 - 0.5));
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }

    private static double bilinear(byte[] pixels, double x, double y) {
        x = Math.max(0, Math.min(27, x));
        y = Math.max(0, Math.min(27, y));
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(27, x0 + 1);
        int y1 = Math.min(27, y0 + 1);
        double tx = x - x0;
        double ty = y - y0;
        double top = (1 - tx) * px(pixels, x0, y0) + tx * px(pixels, x1, y0);
        double bottom = (1 - tx) * px(pixels, x0, y1) + tx * px(pixels, x1, y1);
        return (1 - ty) * top + ty * bottom;
    }

    private static int px(byte[] pixels, int x, int y) {
        return pixels[y * 28 + x] & 0xFF;
    }
}
