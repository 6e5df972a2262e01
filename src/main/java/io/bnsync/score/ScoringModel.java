package io.bnsync.score;

import io.bnsync.data.DataChecksums;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;

/**
 * A model as executors receive it: the DL4J zip's bytes (broadcast once), their SHA-256 (which network an
 * executor already holds) and, when it came from a model store, the version.
 */
public record ScoringModel(byte[] zip, String sha256, String version) implements Serializable {

    public static ScoringModel of(byte[] zip, String version) {
        try {
            return new ScoringModel(zip, DataChecksums.sha256(new ByteArrayInputStream(zip)), version);
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory
        }
    }
}
