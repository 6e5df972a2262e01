#!/usr/bin/env bash
# spark-submit to a Spark standalone cluster:
#   submit/standalone.sh --master spark://HOST:7077 [--deploy-mode cluster] train --workers 4 --data hdfs://…/mnist --out hdfs://…/run1
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
EXTRA_CONFS=()
submit_main "${SPARK_MASTER_URL:-}" client "$@"
