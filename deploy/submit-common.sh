# Shared by submit-yarn.sh and submit-k8s.sh (sourced, not run): the options both take and the
# spark-submit properties both set. Each script adds its master and cluster-manager settings.
#
#   --jar PATH          the cluster jar (default: driver/target/trainspark-<version>-cluster.jar)
#   --config PATH       trainspark config on any Hadoop path (hdfs://, s3a://, file://)
#   --executors N       executor count (default 2)
#   --cores N           cores per executor (default 4)
#   --memory SIZE       heap per executor (default 8g); the driver gets --driver-memory (default 4g)
#   --driver-memory S   driver heap
#   --gpus N            GPUs per executor (default 0); one Spark task per GPU, each bound to its own
#   --event-log DIR     Spark event log folder for the History Server (default per script)
#   --conf K=V          any further Spark property (repeatable)
#   --dry-run           print the spark-submit command instead of running it
#   -- COMMAND ARGS     the trainspark command and its arguments (default: train)

SUBMIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$(ls "$SUBMIT_ROOT"/driver/target/trainspark-*-cluster.jar 2>/dev/null | head -n 1 || true)"
CONFIG=""
EXECUTORS=2
CORES=4
MEMORY=8g
DRIVER_MEMORY=4g
GPUS=0
EVENT_LOG=""
DRY_RUN=false
EXTRA_CONF=()
COMMAND=()

usage_error() {
  echo "$(basename "$0"): $1" >&2
  exit 2
}

parse_submit_options() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --jar) JAR="${2:?--jar needs a path}"; shift 2 ;;
      --config) CONFIG="${2:?--config needs a path}"; shift 2 ;;
      --executors) EXECUTORS="${2:?--executors needs a number}"; shift 2 ;;
      --cores) CORES="${2:?--cores needs a number}"; shift 2 ;;
      --memory) MEMORY="${2:?--memory needs a size}"; shift 2 ;;
      --driver-memory) DRIVER_MEMORY="${2:?--driver-memory needs a size}"; shift 2 ;;
      --gpus) GPUS="${2:?--gpus needs a number}"; shift 2 ;;
      --event-log) EVENT_LOG="${2:?--event-log needs a folder}"; shift 2 ;;
      --conf) EXTRA_CONF+=(--conf "${2:?--conf needs key=value}"); shift 2 ;;
      --dry-run) DRY_RUN=true; shift ;;
      --) shift; COMMAND=("$@"); break ;;
      *) usage_error "unknown option '$1'; accepted: --jar --config --executors --cores --memory --driver-memory --gpus --event-log --conf --dry-run -- COMMAND" ;;
    esac
  done
  for n in "$EXECUTORS" "$CORES" "$GPUS"; do
    [[ "$n" =~ ^[0-9]+$ ]] || usage_error "'$n' is not a whole number; accepted: --executors, --cores and --gpus take 0, 1, 2, ..."
  done
  [[ -n "$CONFIG" ]] || usage_error "--config is missing; accepted: a trainspark config on a Hadoop path, e.g. hdfs:///trainspark/yarn.yaml"
  [[ -n "$JAR" ]] || usage_error "no cluster jar under driver/target; build it with 'mvn -DskipTests package' or give --jar"
  [[ ${#COMMAND[@]} -gt 0 ]] || COMMAND=(train)
}

# Properties every cluster run gets: executors, event log, JavaCPP's native cache in the executor's
# working directory (containers have no writable home), and with --gpus one task per GPU.
common_spark_conf() {
  SPARK_CONF=(
    --num-executors "$EXECUTORS" --executor-cores "$CORES" --executor-memory "$MEMORY"
    --driver-memory "$DRIVER_MEMORY"
    --conf spark.eventLog.enabled=true
    --conf "spark.eventLog.dir=$EVENT_LOG"
    --conf spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.cachedir=javacpp-cache
    --conf spark.driver.extraJavaOptions=-Dorg.bytedeco.javacpp.cachedir=javacpp-cache
  )
  if [[ "$GPUS" -gt 0 ]]; then
    local task_cpus=$(( CORES / GPUS ))
    [[ "$task_cpus" -ge 1 ]] || usage_error "--cores $CORES is fewer than --gpus $GPUS; accepted: at least one core per GPU"
    SPARK_CONF+=(
      --conf "spark.executor.resource.gpu.amount=$GPUS"
      --conf spark.task.resource.gpu.amount=1
      --conf "spark.task.cpus=$task_cpus"
    )
  fi
}

run_or_print() {
  if $DRY_RUN; then
    printf '%q ' "$@"
    printf '\n'
  else
    exec "$@"
  fi
}

spark_submit_bin() {
  if [[ -n "${SPARK_HOME:-}" ]]; then echo "$SPARK_HOME/bin/spark-submit"; else echo spark-submit; fi
}
