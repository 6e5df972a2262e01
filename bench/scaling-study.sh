#!/usr/bin/env bash
# Accuracy against workers (docs/SCALING.md): full MNIST, 2 epochs, local mode on this machine's cores.
#   - iid shards, the default BatchNorm handling (exact merge + PreciseBN), W = 1, 2, 4, 8 x K = 4, 16, 64;
#   - by-label shards, K = 16, W = 4 and 8: naive, exact, exact + PreciseBN;
#   - iid, K = 16, W = 8 with the learning rate x2 and x4 (Adadelta's default is 1.0), and with 4 epochs.
# W above the core count is oversubscribed: Spark runs the W tasks of a round in waves. That changes the wall time,
# not what is computed (each worker's shard, minibatches and seed do not depend on when its task runs).
# Then draws SCALING_DIR/accuracy-vs-workers.png (`plot --accuracy-vs-workers`) and prints the tables
# (bench/summarize_scaling_study.py).
#
#   bench/scaling-study.sh [OUT_DIR] [extra train options]
#
# Data: $MNIST_DIR, else data/mnist. About 4-6 minutes per run on 2 cores, 21 runs (the 4-epoch one twice that). A finished run (metrics.json
# present) is not run again, so the command can be restarted after an interruption.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-runs/scaling-study}"
shift || true
data="${MNIST_DIR:-$root/data/mnist}"
mkdir -p "$out"

run() { # NAME TRAIN_OPTIONS... (2 epochs unless EPOCHS is set)
  local name="$1"
  shift
  if [[ -f "$out/$name/metrics.json" ]]; then
    echo "== $name (done before)" >&2
    return
  fi
  echo "== $name" >&2
  "$root/submit/local.sh" train --data "$data" --epochs "${EPOCHS:-2}" --out "$out/$name" --overwrite "$@" "${extra[@]}" \
    > "$out/$name.log" 2>&1
}

extra=("$@")
for k in 16 4 64; do
  for workers in 1 2 4 8; do
    run "iid_k${k}_w${workers}" --workers "$workers" --averaging-frequency "$k" --partitioning iid
  done
done
for workers in 4 8; do
  run "by-label_k16_w${workers}_naive" --workers "$workers" --partitioning by-label --bn-sync naive --bn-recalibrate 0
  run "by-label_k16_w${workers}_exact" --workers "$workers" --partitioning by-label --bn-sync exact --bn-recalibrate 0
  run "by-label_k16_w${workers}_exact+precisebn" --workers "$workers" --partitioning by-label --bn-sync exact
done
for lr in 2 4; do
  run "iid_k16_w8_lr${lr}" --workers 8 --averaging-frequency 16 --partitioning iid --learning-rate "$lr"
done
EPOCHS=4 run "epochs4_k16_w8" --workers 8 --averaging-frequency 16 --partitioning iid
iid_runs=()
for run_dir in "$out"/iid_k*_w*; do
  [[ -d "$run_dir" ]] && iid_runs+=("$run_dir")
done
"$root/submit/local.sh" plot --accuracy-vs-workers "${iid_runs[@]}" --out "$out/accuracy-vs-workers.png" >&2
python3 "$root/bench/summarize_scaling_study.py" "$out"
