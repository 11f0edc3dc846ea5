#!/usr/bin/env bash
# The whole fault catalogue, one FaultSimulation per fault, each on its own embedded stack, and one
# table: reports/history/fault-suite-<timestamp>.{md,json}. Method in README.md, "Faults".
#
# Settings (environment variables):
#   FAULTS        fault ids to run, space-separated        (every id of the catalogue)
#   FLAGS         more -D flags for every run, e.g. "-Dprofile=low -Dfault.hold=10"
#   MVN           Maven command                            (mvn -B -q)
#   RUN_TIMEOUT   seconds a single fault run may take      (600)
# Each run's log is reports/fault-suite-<timestamp>/<fault>.log, its run folder is in reports/.
# A run that fails or hangs is recorded as such and the suite goes on; every run is bounded in time
# and stopped (with its stack) on Ctrl-C or SIGTERM. Exit 0 when every fault passed or was skipped.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
MVN=${MVN:-"mvn -B -q"}
FLAGS=${FLAGS:-}
RUN_TIMEOUT=${RUN_TIMEOUT:-600}

TS=$(date -u +%Y%m%dT%H%M%SZ)
WORK="$ROOT/reports/fault-suite-$TS"
RESULT="$ROOT/reports/history/fault-suite-$TS"
mkdir -p "$WORK" "$ROOT/reports/history"
RUNS="$WORK/runs.tsv"
: >"$RUNS"
CHILD_PID=""

log() { echo "[fault-suite $(date -u +%H:%M:%S)] $*"; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$CHILD_PID" ] && kill -0 "$CHILD_PID" 2>/dev/null; then
    log "stopping the running fault run (pid $CHILD_PID)"
    # SIGTERM lets Gatling's after() heal the fault and stop the stack; SIGKILL after 60 s
    kill -TERM -- "-$CHILD_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$CHILD_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$CHILD_PID" 2>/dev/null || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

log "compiling"
$MVN test-compile
$MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$WORK/classpath.txt")"
FAULTS=${FAULTS:-$(java -cp "$CP" io.pipelineperf.verify.FaultSuite ids | tr '\n' ' ')}
read -r -a EXTRA <<<"$FLAGS"

for fault in $FAULTS; do
  out="$WORK/$fault.log"
  log "$fault: FaultSimulation (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  rc=0
  # shellcheck disable=SC2086 # MVN is a command with its options
  setsid timeout -k 30 "$RUN_TIMEOUT" $MVN gatling:test \
    -Dgatling.simulationClass=io.pipelineperf.simulations.FaultSimulation \
    -Dfault="$fault" "${EXTRA[@]}" >"$out" 2>&1 &
  CHILD_PID=$!
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  summary=$(grep -m1 '^Run summary:' "$out" | sed 's/^Run summary: *//' || true)
  [ -n "$summary" ] || summary=-
  printf '%s\t%s\t%s\n' "$fault" "$summary" "$rc" >>"$RUNS"
  grep -A3 '^Faults:' "$out" | sed -n 2p || log "$fault: no verdict (exit $rc), see $out"
done

java -cp "$CP" io.pipelineperf.verify.FaultSuite table "$RUNS" "$RESULT"
