# Shared by the submit/ scripts: builds and runs (or with --dry-run prints) a spark-submit command.
# Usage from a script: submit_main DEFAULT_MASTER DEFAULT_DEPLOY_MODE "$@"
# Own options (before the bnsync command): --master URL, --deploy-mode client|cluster, --conf K=V (repeatable),
# --jar PATH_OR_URI (default target/bnsync-spark.jar), --java-home DIR (the containers' Java 17), --dry-run.
# Everything from the command on is bnsync's.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

jvm_property() {
  sed -n "s/^$1=//p" "$root/conf/jvm.properties"
}

submit_main() {
  local master="$1" deploy_mode="$2"
  shift 2
  local dry_run=0 jar="${BNSYNC_JAR:-$root/target/bnsync-spark.jar}" java_home=""
  local -a confs=()
  while [[ $# -gt 0 && "$1" == --* ]]; do
    case "$1" in
      --master) master="$2"; shift 2 ;;
      --deploy-mode) deploy_mode="$2"; shift 2 ;;
      --conf) confs+=(--conf "$2"); shift 2 ;;
      --jar) jar="$2"; shift 2 ;;
      --java-home) java_home="$2"; shift 2 ;;
      --dry-run) dry_run=1; shift ;;
      --help|-h) submit_usage; return 0 ;;
      *) echo "error: unknown option $1 (see --help)" >&2; return 2 ;;
    esac
  done
  if [[ $# -eq 0 ]]; then
    echo "error: no bnsync command given (train, evaluate, prepare; see --help)" >&2
    return 2
  fi
  if [[ -z "$master" ]]; then
    echo "error: --master is required" >&2
    return 2
  fi
  local java_options driver_options
  java_options="$(jvm_property java17.opens) $(jvm_property nd4j.offheap)"
  driver_options="$java_options"
  local -a log_confs=()
  if [[ "$deploy_mode" == cluster ]]; then
    driver_options="$java_options $(jvm_property container.jvm)"
    if [[ "$master" == yarn ]]; then
      # YARN puts --files into the containers before they start: the driver's log follows conf/log4j2.properties.
      # Renamed, so that executors (which find a log4j2.properties in their folder) keep Spark's own logging.
      log_confs=(--files "$root/conf/log4j2.properties#bnsync-log4j2.properties")
      driver_options="$driver_options -Dlog4j2.configurationFile=bnsync-log4j2.properties"
    fi
  fi
  local -a java_home_confs=()
  if [[ -n "$java_home" ]]; then
    # The Java of the driver's (cluster mode) and the executors' containers; the jar needs Java 17.
    java_home_confs=(--conf "spark.executorEnv.JAVA_HOME=$java_home"
      --conf "spark.yarn.appMasterEnv.JAVA_HOME=$java_home")
  fi
  # The client-mode driver is this process's child; cluster-mode drivers and executors get it from spark-defaults.conf.
  export GOMP_SPINCOUNT="${GOMP_SPINCOUNT:-10000}"
  local -a command=("${SPARK_HOME:-/opt/spark}/bin/spark-submit"
    --master "$master" --deploy-mode "$deploy_mode"
    --properties-file "$root/conf/spark-defaults.conf"
    "${log_confs[@]}"
    --conf "spark.driver.extraJavaOptions=$driver_options"
    --conf "spark.executor.extraJavaOptions=$java_options $(jvm_property container.jvm)"
    "${java_home_confs[@]}" "${EXTRA_CONFS[@]}" "${confs[@]}"
    --class io.bnsync.cli.Main "$jar" "$@")
  if [[ $dry_run -eq 1 ]]; then
    printf '%q ' "${command[@]}"
    printf '\n'
    return 0
  fi
  if [[ "$jar" != *://* && ! -f "$jar" ]]; then
    echo "building $jar ..." >&2
    (cd "$root" && mvn -B -q -DskipTests package) >&2
  fi
  "${command[@]}"
}

submit_usage() {
  cat <<USAGE
usage: $(basename "$0") [--master URL] [--deploy-mode client|cluster] [--conf K=V]... [--jar JAR] [--java-home DIR] [--dry-run] COMMAND [OPTIONS]
Runs bnsync's COMMAND (train, evaluate, prepare) with \$SPARK_HOME/bin/spark-submit (SPARK_HOME=${SPARK_HOME:-/opt/spark}),
settings from conf/spark-defaults.conf and JVM flags from conf/jvm.properties. --java-home sets the Java of the
containers (driver in cluster mode, executors; Java 17 needed). --dry-run prints the command only.
Data and outputs are URIs every node can reach (hdfs://, s3a://, or a shared file:// mount).
USAGE
}
