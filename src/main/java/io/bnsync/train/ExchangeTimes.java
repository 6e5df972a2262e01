package io.bnsync.train;

/**
 * Where a pushed round's state spent its way between driver and tasks, in seconds: the driver's serialization of
 * the input ({@code publish}), the tasks' mean time getting it ({@code pull}) and pushing their updates
 * ({@code push}), and the driver's taking and merging of all updates ({@code merge}). Only the pushed merge measures
 * them; the others' rounds carry {@link #NOT_MEASURED}.
 */
public record ExchangeTimes(double publishSeconds, double pullSeconds, double pushSeconds, double mergeSeconds) {
    public static final ExchangeTimes NOT_MEASURED = new ExchangeTimes(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public boolean measured() {
        return !Double.isNaN(publishSeconds);
    }
}
