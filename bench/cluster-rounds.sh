#!/usr/bin/env bash
# The rounds engine's communication across executor JVMs: a Spark standalone cluster on 127.0.0.1 (one Master and
# 4 single-core Workers, each its own JVM, started here and stopped by PID at the end), `train` submitted through
# submit/standalone.sh with the cluster settings of conf/spark-defaults.conf (Kryo; spark.bnsync.merge=auto, which is
# push up to 4 workers), K = 2 so that communication weighs, with W = 1, 2 and 4 workers (one executor JVM each).
# Prints the steady-state round figures of each and the fit overhead = fixed + per_result x W from W = 1 and 2 (W = 4
# puts four single-thread executors on this machine's two cores: its tasks finish unevenly, which the overhead then
# includes), and a least-squares fit over W = 1, 2 and 4 of the overhead less the wait for the slowest worker.
# About 4 minutes on 2 cores.
#
#   bench/cluster-rounds.sh [OUT_DIR]      data: $MNIST_DIR, else data/mnist; OUT_DIR default runs/bench-cluster
#   BENCH_SPARK_CONFS="k=v k2=v2" bench/cluster-rounds.sh …   more --conf settings for the runs (experiments)
#
# Needs target/bnsync-spark.jar (mvn package) and a Spark distribution's jars: $SPARK_HOME, else the one the
# integration tests lay out in target/spark-home (laid out here the same way when missing).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-runs/bench-cluster}" && cd "${1:-runs/bench-cluster}" && pwd)"
data="${MNIST_DIR:-$root/data/mnist}"
rounds="${BENCH_ROUNDS:-24}"
k=2
batch=64
spark_home="${SPARK_HOME:-$root/target/spark-home}"
opens="$(sed -n 's/^java17.opens=//p' "$root/conf/jvm.properties")"

if [[ ! -d "$spark_home/jars" ]]; then
  echo "laying out $spark_home/jars from src/test/spark-home/pom.xml ..." >&2
  mvn -B -q -f "$root/src/test/spark-home/pom.xml" dependency:copy-dependencies -DoutputDirectory="$spark_home/jars"
fi
if [[ ! -x "$spark_home/bin/spark-submit" ]]; then
  mkdir -p "$spark_home/bin"
  printf '#!/usr/bin/env bash\nexec java -Xmx2g %s -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit "$@"\n' \
    "$opens" > "$spark_home/bin/spark-submit"
  chmod +x "$spark_home/bin/spark-submit"
fi
[[ -f "$root/target/bnsync-spark.jar" ]] || (cd "$root" && mvn -B -q -DskipTests package)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
stop_cluster() {
  exec 2>/dev/null # bash reports every killed background JVM
  for pid in "${pids[@]}"; do
    pkill -9 -P "$pid" 2>/dev/null || true
    kill -9 "$pid" 2>/dev/null || true
  done
  # each executor copied the 265 MB jar and extracted its natives: keep only the logs
  find "$out" \( -name '*.jar' -o -name javacpp-cache \) -prune -exec rm -rf {} + 2>/dev/null || true
}
trap stop_cluster EXIT
export SPARK_HOME="$spark_home" SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.12

master_port="$(free_port)"
ui_port="$(free_port)"
# shellcheck disable=SC2086
java -Xmx512m $opens -cp "$spark_home/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
  --port "$master_port" --webui-port "$ui_port" > "$out/master.log" 2>&1 &
pids+=($!)
alive_workers() { curl -s "http://127.0.0.1:$ui_port/json/" | grep -o '"state" *: *"ALIVE"' | wc -l || true; }
for _ in $(seq 60); do curl -s "http://127.0.0.1:$ui_port/json/" | grep -q ALIVE && break; sleep 1; done
for i in 1 2 3 4; do
  mkdir -p "$out/worker-$i/local"
  # shellcheck disable=SC2086
  SPARK_LOCAL_DIRS="$out/worker-$i/local" java -Xmx512m $opens -cp "$spark_home/jars/*" \
    org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 4g --webui-port "$(free_port)" \
    --work-dir "$out/worker-$i" "spark://127.0.0.1:$master_port" > "$out/worker-$i.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 90); do [[ "$(alive_workers)" -ge 4 ]] && break; sleep 1; done
[[ "$(alive_workers)" -ge 4 ]] || { echo "error: the 4 Workers did not register (see $out/*.log)" >&2; exit 1; }

extra=()
for kv in ${BENCH_SPARK_CONFS:-}; do extra+=(--conf "$kv"); done
for w in 1 2 4; do
  echo "W = $w: $rounds rounds of K = $k ..." >&2
  rm -rf "$out/run-w$w"
  "$root/submit/standalone.sh" --master "spark://127.0.0.1:$master_port" \
    --conf spark.executor.cores=1 --conf spark.task.cpus=1 --conf spark.executorEnv.OMP_NUM_THREADS=1 \
    --conf spark.cores.max="$w" --conf spark.executor.memory=1g --conf spark.executor.memoryOverhead=2g \
    --conf spark.driver.memory=2g --conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false "${extra[@]}" \
    train --workers "$w" --data "$data" --limit-train $((w * batch * k * rounds)) --limit-test 1000 \
    --batch-size "$batch" --averaging-frequency "$k" --bn-recalibrate 0 --progress-seconds 60 \
    --out "$out/run-w$w" > "$out/submit-w$w.log" 2>&1 \
    || { echo "error: the W = $w run failed (see $out/submit-w$w.log)" >&2; exit 1; }
done
python3 "$root/bench/summarize_cluster_rounds.py" "$out"
