package io.bnsync.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Receives the trainer's progress; the CLI writes it to the run directory and the console. */
public interface TrainingObserver {
    void onRound(RoundRecord record, int roundInEpoch, int roundsInEpoch);

    void onEpoch(EpochRecord record);

    /** After the master network has absorbed a round; {@code next} is where training continues. */
    default void afterRound(MultiLayerNetwork master, TrainingProgress next) {
    }

    /** An observer that only collects the round records (benchmarks, tests). */
    static TrainingObserver collectingRounds(java.util.List<RoundRecord> rounds) {
        return new TrainingObserver() {
            @Override
            public void onRound(RoundRecord record, int roundInEpoch, int roundsInEpoch) {
                rounds.add(record);
            }

            @Override
            public void onEpoch(EpochRecord record) {
            }
        };
    }
}
