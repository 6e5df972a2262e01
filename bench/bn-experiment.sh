#!/usr/bin/env bash
# The BatchNorm-sync experiment: for W = 2 and 4 workers, iid and by-label shards, train the seed net with
#   naive (average log10 std), exact, exact + PreciseBN recalibration, and the dl4j-spark engine,
# then evaluate each model (inference mode) and measure its running-variance error against population
# statistics of the same model over the last N training images (held out: PreciseBN recalibrates on the first N).
# Prints a Markdown table (bench/summarize_bn_experiment.py).
#
#   bench/bn-experiment.sh [OUT_DIR] [extra train options, e.g. --limit-train 20000]
#
# Data: $MNIST_DIR, else data/mnist. Full MNIST takes about 4-5 minutes per run on 2 cores (16 runs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-runs/bn-experiment}"
shift || true
data="${MNIST_DIR:-$root/data/mnist}"
population="${BN_POPULATION:-10000}"
mkdir -p "$out"
for workers in 2 4; do
  for partitioning in iid by-label; do
    for variant in naive exact exact+precisebn dl4j-spark; do
      case "$variant" in
        naive) args=(--bn-sync naive --bn-recalibrate 0) ;;
        exact) args=(--bn-sync exact --bn-recalibrate 0) ;;
        exact+precisebn) args=(--bn-sync exact --bn-recalibrate "$population") ;;
        dl4j-spark) args=(--engine dl4j-spark --bn-recalibrate 0) ;;
      esac
      name="w${workers}_${partitioning}_${variant}"
      echo "== $name" >&2
      "$root/submit/local.sh" train --data "$data" --workers "$workers" --partitioning "$partitioning" \
        "${args[@]}" --out "$out/$name" --overwrite "$@" > "$out/$name.log" 2>&1
      "$root/submit/local.sh" evaluate --model "$out/$name/model.zip" --data "$data" --json \
        --bn-population "$population" > "$out/$name/bn-evaluation.json" 2> "$out/$name.eval.log"
    done
  done
done
python3 "$root/bench/summarize_bn_experiment.py" "$out"
