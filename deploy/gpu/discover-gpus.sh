#!/usr/bin/env bash
# Spark resource discovery for GPUs: prints {"name":"gpu","addresses":["0","1",...]} with the index of
# every GPU nvidia-smi lists (on YARN and Kubernetes, those of the container). Set as
# spark.executor.resource.gpu.discoveryScript (and spark.worker.resource.gpu.discoveryScript on
# standalone workers).
set -euo pipefail
if ! indices="$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null)"; then
  echo "discover-gpus.sh: nvidia-smi found no GPU on $(hostname)" >&2
  exit 1
fi
addresses="$(echo "$indices" | tr -d ' ' | grep -v '^$' | sed 's/.*/"&"/' | paste -sd, -)"
echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
