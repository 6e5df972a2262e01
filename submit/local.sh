#!/usr/bin/env bash
# Runs any bnsync command in local mode with an in-process Spark (local[*] unless --master is given):
#   submit/local.sh train --epochs 1
#   submit/local.sh evaluate --model runs/x/model.zip --data data/mnist
# Builds the jar first when it is missing. JVM heap: BNSYNC_HEAP (default 8g); more JVM flags: BNSYNC_JAVA_OPTS;
# more jars (e.g. hadoop-aws and the AWS SDK bundle for s3a://), ':'-separated: BNSYNC_CLASSPATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/target/bnsync.jar"
classpath_file="$root/target/classpath.txt"
if [[ ! -f "$jar" || ! -f "$classpath_file" ]]; then
  echo "building $jar (first run only) ..." >&2
  (cd "$root" && mvn -B -q -DskipTests package) >&2
fi
opens="$(sed -n 's/^java17.opens=//p' "$root/conf/jvm.properties")"
export BNSYNC_CONF="${BNSYNC_CONF:-$root/conf/train.conf}"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# Waiting OpenMP threads spin briefly, then sleep, as conf/spark-defaults.conf sets for executors (docs/PERFORMANCE.md).
export GOMP_SPINCOUNT="${GOMP_SPINCOUNT:-10000}"
# shellcheck disable=SC2086
exec java -Xmx"${BNSYNC_HEAP:-8g}" $opens ${BNSYNC_JAVA_OPTS:-} \
  -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$jar:$(cat "$classpath_file")${BNSYNC_CLASSPATH:+:$BNSYNC_CLASSPATH}" io.bnsync.cli.Main "$@"
