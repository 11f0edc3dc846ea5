#!/usr/bin/env bash
# The benchmark: compiles, resolves the test classpath and runs io.pipelineperf.bench.BenchmarkRunner,
# which does all the stepping (method in bench/README.md).
#
#   bench/run-benchmarks.sh full        # simulations-data/benchmarks/full.json
#   bench/run-benchmarks.sh quick       # the CI subset
#   bench/run-benchmarks.sh scaling     # the scaling matrix
#   bench/run-benchmarks.sh path/to/my-workload.json
#   WORKLOAD=quick bench/run-benchmarks.sh     # the same as "quick"
#
# Environment variables override the workload's fields as before (ACK_RATES, E2E_RATES, STEP_SECONDS,
# WARMUP_SECONDS, RAMP_SECONDS, PIPELINE_WARMUP_SECONDS, PP_RECORDS, BENCH_TOPIC, GATLING_REPORTS,
# EXTRA_FLAGS, STACK_FLAGS, STOP_AT_CEILING, PROFILE_JFR, and the new REPEATS, REPEAT_EVERY_STEP,
# BISECT_STEPS, CURVE_FRACTIONS, SCALING_RATES, FAULTS, FAULT_FLAGS); the table is in bench/README.md.
#   GATE_FLAGS   -D flags for the runner's JVM: regression gate and limits, e.g.
#                "-Dbench.maxRegressionPct=20 -Dbench.baseline=<runId> -Dbench.e2eP95Ms=100"
#   MVN          the Maven command for compiling (mvn -B -o -q)
# Exit code: the runner's (0; 3 on a regression; 64 on a bad workload; 1 on an error; 130 on Ctrl-C).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
MVN=${MVN:-"mvn -B -o -q"}

if [ $# -gt 1 ]; then
  echo "usage: bench/run-benchmarks.sh [workload name or file.json]" >&2
  exit 64
fi

echo "[bench] compiling and resolving the test classpath"
$MVN test-compile
$MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$ROOT/target/bench-classpath.txt" >/dev/null
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench-classpath.txt")"

read -r -a GATE <<<"${GATE_FLAGS:-}"
# exec: Ctrl-C and SIGTERM reach the runner's JVM, whose shutdown hooks stop its children and stacks
exec java -cp "$CP" "${GATE[@]}" -Dbench.root="$ROOT" io.pipelineperf.bench.BenchmarkRunner "$@"
