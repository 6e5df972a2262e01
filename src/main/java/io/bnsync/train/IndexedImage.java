package io.bnsync.train;

import java.io.Serializable;

/** One training example with its stable row id (position in file order), as shipped to executors. */
public record IndexedImage(int id, byte label, byte[] pixels) implements Serializable {
}
