#!/usr/bin/env bash
# Co-located benchmark of the load generator and the embedded pipeline; method in bench/README.md.
#
# Starts ONE embedded stack (StackMain), then on it:
#   (a) Kafka's ProducerPerformance,
#   (b) AckOnlySimulation at rising rates until ack p99 >= 20 ms or achieved < 99 %,
#   (c) LoadSimulation (end to end) at rising rates until e2e p95 >= 100 ms, achieved < 99 % or lost > 0,
# and writes reports/history/benchmark-<timestamp>.{json,md}. Every step is bounded in time; the stack
# and any running step are stopped on exit, error, Ctrl-C or SIGTERM.
#
# Settings (environment variables):
#   ACK_RATES        ack-only rates, msg/s          (10000 25000 50000 75000 100000 125000 150000)
#   E2E_RATES        end-to-end rates, msg/s        (1000 2000 4000 6000 8000 10000 12000 14000 16000)
#   STEP_SECONDS     measured seconds per step      (30)
#   WARMUP_SECONDS   warm-up seconds per step       (15, at 25 % of the rate)
#   RAMP_SECONDS     ramp seconds per step          (0: see bench/README.md, "Why no ramp")
#   PP_RECORDS       ProducerPerformance records    (3000000; the first 10 % are its warm-up; 0 skips it)
#   PIPELINE_WARMUP_SECONDS  untimed e2e run before the e2e steps (30; at the first e2e rate)
#   BENCH_TOPIC      topic of (a) and (b)           (pipeline.bench.ack; nobody consumes it)
#   GATLING_REPORTS  1 = a Gatling HTML report per step (0: summary.json and resources.html only)
#   MVN              Maven command                  (mvn -B -o -q)
#   EXTRA_FLAGS      more -D flags for every Gatling step, e.g. "-Dkafka.producer.linger.ms=2"
#   STACK_FLAGS      -D flags for StackMain, e.g. "-Dservice.consumer.threads=4" for the service
#   STOP_AT_CEILING  1 = stop stepping at the first step that does not hold (default); 0 = run every
#                    rate (e.g. the injector's CPU per message at 1k, 5k and 20k msg/s)
#   PROFILE_JFR      1 = a JFR recording (settings=profile) of each step's Gatling JVM in the work folder
#   WORKLOAD         a workload file's name (quick, full: simulations-data/benchmarks/) or path; it sets
#                    the settings above that are not already set in the environment
#   GATE_FLAGS       -D flags of the regression gate, e.g. "-Dbench.maxRegressionPct=20 -Dbench.baseline=<runId>"
# At the end a history record is appended to reports/history/, the run is gated against the like runs
# before it (exit 3 on a regression) and trend-<workload>.html / compare-<runId>.html are written there.
# Step logs and inputs go to reports/bench-<timestamp>/, each step's run folder to reports/.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
MVN=${MVN:-"mvn -B -o -q"}

# WORKLOAD=quick (or a path to a .json): simulations-data/benchmarks/<name>.json sets the settings
# below; a variable already set in the environment wins over the file.
WORKLOAD_NAME=custom
if [ -n "${WORKLOAD:-}" ]; then
  case $WORKLOAD in
    *.json) WORKLOAD_FILE=$WORKLOAD ;;
    *) WORKLOAD_FILE=$ROOT/simulations-data/benchmarks/$WORKLOAD.json ;;
  esac
  [ -f "$WORKLOAD_FILE" ] || { echo "[bench] no workload file $WORKLOAD_FILE" >&2; exit 64; }
  $MVN test-compile
  $MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$ROOT/target/bench-classpath.txt" >/dev/null
  WORKLOAD_ENV=$(java -cp "$ROOT/target/classes:$(cat "$ROOT/target/bench-classpath.txt")" \
    io.pipelineperf.bench.BenchmarkMain workload "$WORKLOAD_FILE")
  eval "$WORKLOAD_ENV"
fi

ACK_RATES=${ACK_RATES-"10000 25000 50000 75000 100000 125000 150000"}
E2E_RATES=${E2E_RATES-"1000 2000 4000 6000 8000 10000 12000 14000 16000"}
STEP_SECONDS=${STEP_SECONDS:-30}
WARMUP_SECONDS=${WARMUP_SECONDS:-15}
RAMP_SECONDS=${RAMP_SECONDS:-0}
PP_RECORDS=${PP_RECORDS:-3000000}
PIPELINE_WARMUP_SECONDS=${PIPELINE_WARMUP_SECONDS:-30}
BENCH_TOPIC=${BENCH_TOPIC:-pipeline.bench.ack}
GATLING_REPORTS=${GATLING_REPORTS:-0}
EXTRA_FLAGS=${EXTRA_FLAGS:-}
STACK_FLAGS=${STACK_FLAGS:-}
STOP_AT_CEILING=${STOP_AT_CEILING:-1}
PROFILE_JFR=${PROFILE_JFR:-0}

STACK_START_TIMEOUT=300 # seconds until the stack prints its endpoints
PP_TIMEOUT=600          # seconds for ProducerPerformance
# a step: Maven and JVM start, warm-up, ramp, measured phase, drain (e2e timeout 30 s), lag drain (60 s)
STEP_TIMEOUT=$((WARMUP_SECONDS + RAMP_SECONDS + STEP_SECONDS + 300))
STACK_MAX_MINUTES=$((30 + ($(wc -w <<<"$ACK_RATES $E2E_RATES") * STEP_TIMEOUT + PP_TIMEOUT) / 60))

TS=$(date -u +%Y%m%dT%H%M%SZ)
WORK="$ROOT/reports/bench-$TS"
RESULT="$ROOT/reports/history/benchmark-$TS"
mkdir -p "$WORK" "$ROOT/reports/history"
STEPS="$WORK/steps.tsv"
: >"$STEPS"

STACK_PID=""
CHILD_PID=""

log() { echo "[bench $(date -u +%H:%M:%S)] $*"; }
load1() { cut -d' ' -f1 /proc/loadavg; }
load3() { cut -d' ' -f1-3 /proc/loadavg; }

# Stops a process group (started with setsid) politely, then for good; bounded.
stop_group() {
  local pid=$1 name=$2 grace=$3
  kill -0 "$pid" 2>/dev/null || return 0
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 "$grace"); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 1
  done
  log "$name did not stop within ${grace} s: SIGKILL to its process group"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$CHILD_PID" ]; then
    kill -TERM -- "-$CHILD_PID" 2>/dev/null || true
    stop_group "$CHILD_PID" "the running step" 30
  fi
  if [ -n "$STACK_PID" ]; then
    # StackMain's shutdown hook stops the broker, PostgreSQL and the service and wipes their data.
    stop_group "$STACK_PID" "the embedded stack" 90
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Runs a command in its own process group, in the background so that traps fire at once; returns
# its exit code. Output goes to the given file.
run_logged() {
  local out=$1
  shift
  local rc=0
  setsid "$@" >"$out" 2>&1 &
  CHILD_PID=$!
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  return "$rc"
}

log "benchmark $TS: work folder $WORK; load average $(load3); $(nproc) cores"
log "compiling and resolving the test classpath"
$MVN test-compile
$MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$WORK/classpath.txt")"
bench_java() { java -cp "$CP" "$@"; }

# ---------------------------------------------------------------- the stack
log "starting the embedded stack (StackMain); logs under $WORK/stack-run"
# shellcheck disable=SC2086 # STACK_FLAGS is a list of -D flags
setsid java -cp "$CP" -Dstack.maxMinutes="$STACK_MAX_MINUTES" -Dstack.runDir="$WORK/stack-run" \
  $STACK_FLAGS io.pipelineperf.stack.StackMain >"$WORK/stack.out" 2>&1 &
STACK_PID=$!
FLAGS_LINE=""
for _ in $(seq 1 "$STACK_START_TIMEOUT"); do
  FLAGS_LINE=$(grep -m1 '^-Dtarget=external' "$WORK/stack.out" || true)
  [ -n "$FLAGS_LINE" ] && break
  if ! kill -0 "$STACK_PID" 2>/dev/null; then
    tail -30 "$WORK/stack.out" >&2
    log "the stack exited before it was ready (see $WORK/stack.out)"
    exit 1
  fi
  sleep 1
done
if [ -z "$FLAGS_LINE" ]; then
  tail -30 "$WORK/stack.out" >&2
  log "the stack printed no endpoints within $STACK_START_TIMEOUT s (see $WORK/stack.out)"
  exit 1
fi
read -r -a TARGET_FLAGS <<<"$FLAGS_LINE"
read -r -a EXTRA <<<"$EXTRA_FLAGS"
BOOTSTRAP=""
HTTP_URL=""
for f in "${TARGET_FLAGS[@]}"; do
  case $f in
    -Dkafka.bootstrap=*) BOOTSTRAP=${f#-Dkafka.bootstrap=} ;;
    -Dhttp.url=*) HTTP_URL=${f#-Dhttp.url=} ;;
  esac
done
log "stack ready: $FLAGS_LINE"
grep -m1 '^\[stack\] pids' "$WORK/stack.out" || true

cat >"$WORK/run.properties" <<EOF
workload=$WORKLOAD_NAME
startedAt=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cores=$(nproc)
memTotalKb=$(awk '/MemTotal/ {print $2}' /proc/meminfo)
loadAtStart=$(load3)
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo "-dirty")
stepSeconds=$STEP_SECONDS
warmupSeconds=$WARMUP_SECONDS
rampSeconds=$RAMP_SECONDS
ackRates=$ACK_RATES
e2eRates=$E2E_RATES
producerPerfRecords=$PP_RECORDS
benchTopic=$BENCH_TOPIC
stackFlags=$STACK_FLAGS
stopAtCeiling=$STOP_AT_CEILING
extraFlags=$EXTRA_FLAGS
target=$FLAGS_LINE
workFolder=$WORK
EOF

# ---------------------------------------------------------------- (a) ProducerPerformance
log "creating $BENCH_TOPIC (6 partitions, small retention; no consumer reads it)"
bench_java org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
  --topic "$BENCH_TOPIC" --partitions 6 --replication-factor 1 \
  --config retention.bytes=268435456 --config segment.bytes=67108864 --config retention.ms=300000 \
  --config min.insync.replicas=1 >"$WORK/topic.log" 2>&1 || { cat "$WORK/topic.log" >&2; exit 1; }

if [ "$PP_RECORDS" -gt 0 ]; then
  log "(a) ProducerPerformance: $PP_RECORDS records of 1024 bytes, unthrottled (load $(load3))"
  PP_RC=0
  run_logged "$WORK/producer-perf.log" timeout -k 30 "$PP_TIMEOUT" java -Xmx1g -cp "$CP" \
    org.apache.kafka.tools.ProducerPerformance --topic "$BENCH_TOPIC" --num-records "$PP_RECORDS" \
    --record-size 1024 --throughput -1 --warmup-records $((PP_RECORDS / 10)) \
    --producer-props bootstrap.servers="$BOOTSTRAP" acks=all linger.ms=5 || PP_RC=$?
  grep 'records sent' "$WORK/producer-perf.log" | tail -2 || log "ProducerPerformance printed no summary (exit $PP_RC)"
fi

# ---------------------------------------------------------------- stepped simulations
# One step: a Gatling run against the stack; appends a line to steps.tsv; returns the verdict
# (0 holds, 2 ceiling reached).
step() {
  local kind=$1 simulation=$2 rate=$3
  shift 3
  local out="$WORK/$kind-$rate.log" before started rc=0 summary
  before=$(load1)
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  log "($kind) $simulation at $rate msg/s: ${STEP_SECONDS} s measured (load $(load3))"
  # the service's batch metrics around the step (its mean batch duration and size in the table)
  bench_java io.pipelineperf.bench.BenchmarkMain scrape "$HTTP_URL" "$WORK/$kind-$rate.metrics.before" || true
  local no_reports=true
  [ "$GATLING_REPORTS" = 1 ] && no_reports=false
  local jvm_args=()
  if [ "$PROFILE_JFR" = 1 ]; then
    # an @argfile: the plugin splits -Dgatling.jvmArgs at commas, JFR's options need them
    echo "-XX:StartFlightRecording=filename=$WORK/$kind-$rate.jfr,settings=profile" >"$WORK/$kind-$rate.jvmargs"
    jvm_args=("-Dgatling.jvmArgs=@$WORK/$kind-$rate.jvmargs")
  fi
  # shellcheck disable=SC2086 # MVN is a command with its options
  run_logged "$out" timeout -k 30 "$STEP_TIMEOUT" $MVN gatling:test \
    -Dgatling.simulationClass="io.pipelineperf.simulations.$simulation" \
    -Dgatling.noReports="$no_reports" \
    "${TARGET_FLAGS[@]}" "${EXTRA[@]}" "${jvm_args[@]}" "$@" \
    -Drate="$rate" -Dduration="$STEP_SECONDS" -Dwarmup="$WARMUP_SECONDS" -Dramp="$RAMP_SECONDS" || rc=$?
  bench_java io.pipelineperf.bench.BenchmarkMain scrape "$HTTP_URL" "$WORK/$kind-$rate.metrics.after" || true
  summary=$(grep -m1 '^Run summary:' "$out" | sed 's/^Run summary: *//' || true)
  [ -n "$summary" ] || summary=-
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$rate" "$summary" "$rc" "$before" "$started" >>"$STEPS"
  if [ "$summary" = - ]; then
    log "no summary.json (exit $rc); last lines of $out:"
    tail -15 "$out" || true
    return 2
  fi
  local verdict=0
  bench_java io.pipelineperf.bench.BenchmarkMain verdict "$kind" "$summary" || verdict=$?
  return "$verdict"
}

# Writes back the page cache now (bounded): gigabytes of Kafka data written by the previous phase
# would otherwise be flushed during the next one, stalling PostgreSQL's commit fsyncs.
flush_disk() {
  log "flushing dirty pages (sync, at most 120 s)"
  timeout 120 sync || log "sync did not finish within 120 s"
}

flush_disk
for rate in $ACK_RATES; do
  step ack AckOnlySimulation "$rate" -Dtopic.input="$BENCH_TOPIC" || [ "$STOP_AT_CEILING" = 0 ] || break
done
if [ -n "$E2E_RATES" ]; then
  flush_disk
  # The service has processed nothing yet: one untimed e2e run JIT-compiles its hot paths (and the
  # broker's and PostgreSQL's for this workload) so the first measured step does not pay for it.
  first_rate=${E2E_RATES%% *}
  log "(e2e warm-up, not in the table) LoadSimulation at $first_rate msg/s for $PIPELINE_WARMUP_SECONDS s"
  # shellcheck disable=SC2086 # MVN is a command with its options
  run_logged "$WORK/e2e-warmup.log" timeout -k 30 "$STEP_TIMEOUT" $MVN gatling:test \
    -Dgatling.simulationClass=io.pipelineperf.simulations.LoadSimulation -Dgatling.noReports=true \
    "${TARGET_FLAGS[@]}" "${EXTRA[@]}" -Drate="$first_rate" -Dduration="$PIPELINE_WARMUP_SECONDS" \
    -Dwarmup=5 -Dramp=0 || log "the e2e warm-up run failed its assertions (expected on a cold pipeline)"
fi
for rate in $E2E_RATES; do
  step e2e LoadSimulation "$rate" || [ "$STOP_AT_CEILING" = 0 ] || break
done

# ---------------------------------------------------------------- the result
echo "loadAtEnd=$(load3)" >>"$WORK/run.properties"
echo "finishedAt=$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$WORK/run.properties"
echo "pipelineWarmupSeconds=$PIPELINE_WARMUP_SECONDS" >>"$WORK/run.properties"
bench_java io.pipelineperf.bench.BenchmarkMain report "$WORK" "$RESULT"
# the history record, the regression gate (exit 3 on a regression) and the trend/comparison pages
read -r -a GATE <<<"${GATE_FLAGS:-}"
bench_java "${GATE[@]}" io.pipelineperf.bench.BenchmarkMain history "$RESULT.json" "$ROOT/reports/history" "$WORKLOAD_NAME"
