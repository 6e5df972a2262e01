# The image for Kubernetes (submit/k8s.sh): the official Spark 3.5 image on Java 17, plus the application jar and
# conf/. Build it after `mvn -B -DskipTests package`:
#   docker build -t REGISTRY/bnsync:0.1 .
# Not built by the tests (no container runtime there); SubmitScriptsTest checks that the jar lands where
# submit/k8s.sh looks for it.
FROM apache/spark:3.5.5-scala2.12-java17-ubuntu
USER root
COPY target/bnsync-spark.jar /opt/bnsync/bnsync-spark.jar
COPY conf/ /opt/bnsync/conf/
# Waiting OpenMP threads spin briefly, then sleep (as conf/spark-defaults.conf sets; docs/PERFORMANCE.md).
ENV GOMP_SPINCOUNT=10000
RUN chown -R spark:spark /opt/bnsync
USER spark
