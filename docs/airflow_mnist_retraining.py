"""Nightly MNIST retraining with bnsync's `pipeline` command (Airflow 2, apache-spark provider).

Exit code 0 = promoted; 10 = trained but not promoted (the gate kept the current model): the
promotion task is then skipped instead of failing the DAG. Other codes fail (see docs/SCHEDULING.md).
Client deploy mode (the connection's default), where the exit code is spark-submit's. In cluster deploy mode
spark-submit only says SUCCEEDED or FAILED: add "--status-file", "hdfs://nn/jobs/mnist/status.json" to
application_args and read "exit_code" there instead.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowSkipException
from airflow.operators.python import PythonOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = "/opt/bnsync/bnsync-spark.jar"
JVM = open("/opt/bnsync/conf/jvm.properties").read()  # noqa: SIM115 - read once at parse time
OPENS = next(line.split("=", 1)[1] for line in JVM.splitlines() if line.startswith("java17.opens="))
OFFHEAP = next(line.split("=", 1)[1] for line in JVM.splitlines() if line.startswith("nd4j.offheap="))
CONTAINER = next(line.split("=", 1)[1] for line in JVM.splitlines() if line.startswith("container.jvm="))


class PipelineSubmit(SparkSubmitOperator):
    """spark-submit that turns bnsync's 'not promoted' exit code (10) into a skip."""

    def execute(self, context):
        try:
            return super().execute(context)
        except Exception as error:  # the hook raises with the return code in its message
            if "Return code: 10" in str(error) or "exit code 10" in str(error):
                raise AirflowSkipException("new model trained but not promoted by the gate") from error
            raise


with DAG(
    dag_id="mnist_bnsync_retraining",
    start_date=datetime(2026, 1, 1),
    schedule="30 2 * * *",
    catchup=False,
    max_active_runs=1,  # the store lock refuses a second run anyway (exit 6)
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
) as dag:
    retrain = PipelineSubmit(
        task_id="pipeline",
        application=JAR,
        java_class="io.bnsync.cli.Main",
        conn_id="spark_default",
        properties_file="/opt/bnsync/conf/spark-defaults.conf",
        conf={
            "spark.driver.extraJavaOptions": f"{OPENS} {OFFHEAP}",
            "spark.executor.extraJavaOptions": f"{OPENS} {OFFHEAP} {CONTAINER}",
        },
        application_args=[
            "pipeline",
            "--store", "hdfs://nn/models/mnist",
            "--data", "hdfs://nn/data/mnist",
            "--workers", "4",
        ],
    )

    report = PythonOperator(
        task_id="report",
        python_callable=lambda: print("bnsync pipeline finished; see `models list`"),
    )

    retrain >> report
