package io.bnsync.data;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads the inputs of {@code predict}: an image file (one digit, see {@link DigitImages}) or an
 * IDX images file, gzipped or raw (its first images). The kind is told from the content, not the
 * name: IDX magic numbers start with two zero bytes and gzip with 0x1f 0x8b, which no image
 * format does.
 */
public final class DigitInputs {
    private DigitInputs() {
    }

    /**
     * The digits in {@code location} (local path or Hadoop URI): one for an image, at most
     * {@code idxLimit} for an IDX file. Missing or unreadable files are a {@link DataException}.
     */
    public static List<DigitInput> load(String location, int idxLimit, Configuration conf) {
        byte[] content = readAll(location, conf);
        if (isIdxOrGzip(content)) {
            return fromIdx(IdxReader.readImages(new ByteArrayInputStream(content), location), location, idxLimit);
        }
        return List.of(new DigitInput(location, DigitImages.decode(content, location)));
    }

    private static boolean isIdxOrGzip(byte[] content) {
        return content.length >= 2 && ((content[0] == 0 && content[1] == 0)
                || ((content[0] & 0xFF) == 0x1f && (content[1] & 0xFF) == 0x8b));
    }

    private static List<DigitInput> fromIdx(byte[] pixels, String location, int limit) {
        int count = Math.min(limit, pixels.length / MnistDataset.PIXELS);
        List<DigitInput> digits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            digits.add(new DigitInput(location + "#" + i,
                    Arrays.copyOfRange(pixels, i * MnistDataset.PIXELS, (i + 1) * MnistDataset.PIXELS)));
        }
        return digits;
    }

    private static byte[] readAll(String location, Configuration conf) {
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(conf);
            if (fs.getFileStatus(path).isDirectory()) {
                throw new DataException(location + ": is a folder, expected an image or IDX images file");
            }
            try (InputStream in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (FileNotFoundException e) {
            throw new DataException(location + ": no such file", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new DataException(location + ": cannot read: " + e.getMessage(), e);
        }
    }
}
