#!/usr/bin/env bash
# The performance benchmark in one run (about 20 minutes on 2 cores): single-JVM DL4J training and inference
# throughput with 1 and 2 threads, the rounds engine with W=1 (1 core) and W=2 (2 cores), the dl4j-spark engine
# on the same data, and — when the wheel in /opt/wheels is there — the same net in PyTorch; the communication path
# alone (bench --mode merge) and across executor JVMs (bench/cluster-rounds.sh; BENCH_CLUSTER=0 skips it); with
# BENCH_TIME_TO_99=1 also full MNIST to 99 % test accuracy, DL4J against PyTorch (8 more minutes). Prints a table
# and writes every figure as JSON into OUT_DIR (default runs/bench).
#
#   bench/run.sh [OUT_DIR]        data: $MNIST_DIR, else data/mnist
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-runs/bench}"
data="${MNIST_DIR:-$root/data/mnist}"
engine_images="${BENCH_ENGINE_IMAGES:-8192}"
mkdir -p "$out"
bench() { "$root/submit/local.sh" bench --data "$data" "$@" 2>> "$out/bench.log"; }

torch=""
if python="$("$root/bench/torch-env.sh" 2>> "$out/bench.log" | tail -n 1)" && [[ -x "$python" ]]; then
  torch="$python"
else
  echo "no PyTorch wheel: PyTorch columns left empty" >&2
fi
# DL4J and PyTorch alternate, BENCH_REPEAT times each (default 2), and so do the rounds engine's W=1 and
# W=2; the summary takes each one's best run, since other tenants of a shared machine only ever slow a run down.
echo "DL4J and PyTorch single JVM/process ..." >&2
rm -f "$out"/dl4j-single-?.r*.json "$out"/torch-single-?.r*.json
for r in $(seq 1 "${BENCH_REPEAT:-2}"); do
  for threads in 1 2; do
    OMP_NUM_THREADS=$threads bench --mode single --threads "$threads" --batches 200 > "$out/dl4j-single-$threads.r$r.json"
    if [[ -n "$torch" ]]; then
      "$torch" "$root/bench/pytorch_seed_net.py" --data "$data" --threads "$threads" --batches 200 --json \
        > "$out/torch-single-$threads.r$r.json"
    fi
  done
done
# The same with DL4J's own oneDNN BatchNorm helper instead of this project's ChannelBatchNormHelper.
BNSYNC_JAVA_OPTS="-Dbnsync.batchnorm.helper=dl4j" \
  OMP_NUM_THREADS=1 bench --mode single --threads 1 --batches 200 > "$out/dl4j-single-1-dl4j-bn.json"
# Two trainings at once: two nets on two Java threads of one JVM (as two task slots of an executor),
# and two separate single-thread JVMs (what the hardware allows).
OMP_NUM_THREADS=1 bench --mode single --threads 1 --batches 200 --nets 2 > "$out/dl4j-concurrent-2.json"
OMP_NUM_THREADS=1 bench --mode single --threads 1 --batches 200 > "$out/dl4j-pair-a.json" &
pair_a=$!
OMP_NUM_THREADS=1 bench --mode single --threads 1 --batches 200 > "$out/dl4j-pair-b.json"
wait "$pair_a"
# Stock DL4J M2.1 for comparison: portable natives, oneDNN layer helpers off (its defaults).
BNSYNC_JAVA_OPTS="-Dorg.bytedeco.javacpp.platform.extension= -Dorg.eclipse.deeplearning4j.helpers.disable=true" \
  OMP_NUM_THREADS=2 bench --mode single --threads 2 --batches 100 > "$out/dl4j-stock-single-2.json"
echo "engines (one epoch of $engine_images images) ..." >&2
# W workers on W cores against one single-thread worker. The rounds engine's tasks set their own native threads
# (one each here), as in the default local run, so OMP_NUM_THREADS stays as the user has it; dl4j-spark's do not.
rm -f "$out"/engine-rounds-w?.r*.json
for r in $(seq 1 "${BENCH_REPEAT:-2}"); do
  for w in 1 2; do
    bench --mode engine --engine rounds --workers "$w" --cores "$w" --limit-train "$engine_images" \
      > "$out/engine-rounds-w$w.r$r.json"
  done
done
OMP_NUM_THREADS=1 bench --mode engine --engine dl4j-spark --workers 2 --cores 2 --limit-train "$engine_images" > "$out/engine-dl4j-spark-w2.json"
echo "communication: the merge path alone, then across executor JVMs (standalone cluster, about 6 minutes) ..." >&2
"$root/submit/local.sh" bench --mode merge --workers 4 --repeats 5 2>> "$out/bench.log" > "$out/merge-path.json"
if [[ "${BENCH_CLUSTER:-1}" == 1 ]]; then
  "$root/bench/cluster-rounds.sh" "$out/cluster" > "$out/cluster-rounds.txt" 2>> "$out/bench.log" \
    || echo "cluster rounds failed: see $out/bench.log" >&2
fi
if [[ "${BENCH_TIME_TO_99:-0}" == 1 ]]; then
  # Full MNIST to 99 % test accuracy with the seed's recipe (about 8 minutes for both): the default local run
  # (workers = auto) against PyTorch on as many threads.
  echo "time to 99 % (full MNIST) ..." >&2
  "$root/submit/local.sh" train --data "$data" --epochs 3 --bn-recalibrate 0 --out "$out/time-to-99" --overwrite \
    > "$out/time-to-99.log" 2>&1
  if [[ -n "$torch" ]]; then
    "$torch" "$root/bench/pytorch_seed_net.py" --data "$data" --threads "$(nproc)" --epochs 3 --json > "$out/torch-time-to-99.json"
  fi
fi
python3 "$root/bench/summarize_bench.py" "$out"
