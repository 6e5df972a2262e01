#!/usr/bin/env bash
# spark-submit to YARN (HADOOP_CONF_DIR or YARN_CONF_DIR must point at the cluster's configuration):
#   submit/yarn.sh [--deploy-mode cluster] [--conf spark.yarn.queue=QUEUE] train --workers 8 --data hdfs:///data/mnist --out hdfs:///runs/r1
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
EXTRA_CONFS=()
submit_main yarn client "$@"
