#!/usr/bin/env bash
# Submits a trainspark command to Kubernetes in cluster mode, on the image deploy/Dockerfile builds
# (the cluster jar at /opt/trainspark/trainspark-cluster.jar, the GPU discovery script beside it).
#
#   deploy/submit-k8s.sh --api https://k8s.example:6443 --image registry/trainspark:0.1.0 \
#       --config s3a://bucket/trainspark/k8s.yaml [--namespace spark] [--executors 4 --cores 4 \
#       --memory 8g] [--gpus 1] [--dry-run] [-- train --out s3a://bucket/runs/r1 ...]
#
# Options as in deploy/submit-common.sh, plus --api, --image, --namespace, --service-account.
# --jar names the jar inside the image (local://...). Environment: SPARK_HOME (its bin/spark-submit).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/submit-common.sh"

API=""
IMAGE=""
NAMESPACE=spark
SERVICE_ACCOUNT=spark
ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --api) API="${2:?--api needs the Kubernetes API URL}"; shift 2 ;;
    --image) IMAGE="${2:?--image needs an image name}"; shift 2 ;;
    --namespace) NAMESPACE="${2:?--namespace needs a name}"; shift 2 ;;
    --service-account) SERVICE_ACCOUNT="${2:?--service-account needs a name}"; shift 2 ;;
    --) ARGS+=("$@"); break ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
JAR=local:///opt/trainspark/trainspark-cluster.jar
EVENT_LOG="s3a://spark-history/"
parse_submit_options "${ARGS[@]}"
[[ -n "$API" ]] || usage_error "--api is missing; accepted: the Kubernetes API server URL, e.g. https://k8s.example:6443"
[[ -n "$IMAGE" ]] || usage_error "--image is missing; accepted: the image built from deploy/Dockerfile, e.g. registry/trainspark:0.1.0"
common_spark_conf

K8S_CONF=(
  --master "k8s://$API" --deploy-mode cluster --name trainspark
  --conf "spark.kubernetes.container.image=$IMAGE"
  --conf "spark.kubernetes.namespace=$NAMESPACE"
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=$SERVICE_ACCOUNT"
)
if [[ "$GPUS" -gt 0 ]]; then
  K8S_CONF+=(
    --conf spark.executor.resource.gpu.vendor=nvidia.com
    --conf spark.executor.resource.gpu.discoveryScript=/opt/trainspark/gpu/discover-gpus.sh
  )
fi

run_or_print "$(spark_submit_bin)" "${K8S_CONF[@]}" "${SPARK_CONF[@]}" "${EXTRA_CONF[@]}" \
  --class dev.trainspark.driver.cli.Main "$JAR" "${COMMAND[0]}" --config "$CONFIG" "${COMMAND[@]:1}"
