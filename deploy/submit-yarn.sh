#!/usr/bin/env bash
# Submits a trainspark command to YARN in cluster mode: the driver runs in the ApplicationMaster's
# container, so the config, --data and --out must be Hadoop paths the cluster can reach.
#
#   deploy/submit-yarn.sh --config hdfs:///trainspark/yarn.yaml [--executors 4 --cores 4 --memory 8g]
#       [--gpus 1] [--queue default] [--dry-run] [-- train --out hdfs:///runs/r1 ...]
#
# Options as in deploy/submit-common.sh, plus --queue. With --gpus, YARN (3.1+, GPU scheduling on)
# gives each executor that many yarn.io/gpu and Spark runs deploy/gpu/discover-gpus.sh in the
# container. Environment: SPARK_HOME (its bin/spark-submit; else spark-submit on PATH).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/submit-common.sh"

QUEUE=""
ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --queue) QUEUE="${2:?--queue needs a name}"; shift 2 ;;
    --) ARGS+=("$@"); break ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
EVENT_LOG="hdfs:///spark-history"
parse_submit_options "${ARGS[@]}"
common_spark_conf

# One attempt: a second ApplicationMaster would find the first one's run folder and stop at once
# ("already exists"), hiding why the first failed.
YARN_CONF=(--master yarn --deploy-mode cluster --name trainspark --conf spark.yarn.maxAppAttempts=1)
[[ -z "$QUEUE" ]] || YARN_CONF+=(--queue "$QUEUE")
if [[ "$GPUS" -gt 0 ]]; then
  YARN_CONF+=(
    --files "$SUBMIT_ROOT/deploy/gpu/discover-gpus.sh"
    --conf spark.executor.resource.gpu.discoveryScript=./discover-gpus.sh
  )
fi

run_or_print "$(spark_submit_bin)" "${YARN_CONF[@]}" "${SPARK_CONF[@]}" "${EXTRA_CONF[@]}" \
  --class dev.trainspark.driver.cli.Main "$JAR" "${COMMAND[0]}" --config "$CONFIG" "${COMMAND[@]:1}"
