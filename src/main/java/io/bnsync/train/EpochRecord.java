package io.bnsync.train;

/**
 * The summary of one finished epoch, one {@code "type":"epoch"} line of metrics.jsonl.
 *
 * @param testAccuracy accuracy on the test set after the epoch, NaN when not evaluated
 */
public record EpochRecord(int epoch, double meanLoss, long samples, double seconds, double testAccuracy) {

    public EpochRecord withTestAccuracy(double accuracy) {
        return new EpochRecord(epoch, meanLoss, samples, seconds, accuracy);
    }
}
