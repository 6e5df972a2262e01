#!/usr/bin/env bash
# spark-submit to Kubernetes, cluster deploy mode. The image must hold the jar at BNSYNC_JAR_IN_IMAGE.
#   BNSYNC_K8S_IMAGE=registry/bnsync:0.1 BNSYNC_K8S_NAMESPACE=ml \
#   submit/k8s.sh --master k8s://https://API_SERVER:443 train --workers 4 --data s3a://bucket/mnist --out s3a://bucket/runs/r1
# s3a:// needs hadoop-aws of Spark's Hadoop (3.3.4) and its AWS SDK bundle in the image (or --conf
# spark.jars.packages=org.apache.hadoop:hadoop-aws:3.3.4), credentials through S3A's providers (e.g. the pod's
# web identity, or --conf spark.hadoop.fs.s3a.access.key=… / secret.key=…), and is best run with
# --conf spark.hadoop.fs.s3a.directory.marker.retention=keep. `prepare` writes Parquet: give it S3A's magic committer
# (spark-hadoop-cloud_2.12 of your Spark in the image, then --conf spark.hadoop.fs.s3a.committer.name=magic
# --conf spark.sql.sources.commitProtocolClass=org.apache.spark.internal.io.cloud.PathOutputCommitProtocol
# --conf spark.sql.parquet.output.committer.class=org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter).
# A model store on s3a:// needs --lock URI elsewhere (HDFS, a shared disk). See README, "Object stores".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
EXTRA_CONFS=(
  --conf "spark.kubernetes.container.image=${BNSYNC_K8S_IMAGE:?set BNSYNC_K8S_IMAGE to the image holding the jar}"
  --conf "spark.kubernetes.namespace=${BNSYNC_K8S_NAMESPACE:-default}"
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${BNSYNC_K8S_SERVICE_ACCOUNT:-spark}"
)
BNSYNC_JAR="${BNSYNC_JAR_IN_IMAGE:-local:///opt/bnsync/bnsync-spark.jar}" \
  submit_main "${BNSYNC_K8S_MASTER:-}" cluster "$@"
