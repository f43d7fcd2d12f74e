#!/usr/bin/env bash
# Runs the README's test command while another process keeps every CPU busy, as on a student's
# laptop with a browser, an IDE and a video call open. The tests must pass that way: none of
# them may depend on the machine being idle.
#
#   bash scripts/test-under-load.sh                      # ./mvnw install, once, under load
#   bash scripts/test-under-load.sh -n 5                 # five times in a row; stops at a failure
#   bash scripts/test-under-load.sh -n 3 -- ./mvnw -pl 05-preemption test
#
# The load: one busy loop per CPU (nproc), at the same priority as the build, started before
# the first run and ended when the script exits, whatever the outcome. Each run's output is
# kept in target/test-under-load/run-N.log; a summary line per run and at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk25.sh

runs=1
if [ "${1:-}" = "-n" ]; then
  runs="$2"
  shift 2
fi
[ "${1:-}" = "--" ] && shift
if [ $# -eq 0 ]; then
  set -- ./mvnw -B install
fi

use_jdk25 || exit 1
echo "JDK: $JAVA_HOME"
echo "command: $*"

logs=target/test-under-load
mkdir -p "$logs"
burners=()
stop_load() {
  [ ${#burners[@]} -gt 0 ] && kill "${burners[@]}" 2>/dev/null
  wait 2>/dev/null
}
trap stop_load EXIT INT TERM

cpus=$(nproc)
for _ in $(seq "$cpus"); do
  ( while :; do :; done ) &
  burners+=($!)
done
echo "load: $cpus busy loops (pids ${burners[*]})"

passed=0
failed=0
for i in $(seq "$runs"); do
  log="$logs/run-$i.log"
  start=$(date +%s)
  "$@" >"$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
  tests=$(grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" \
      | awk -F'[:,]' '{t+=$2; f+=$4; e+=$6; s+=$8} END {printf "%d tests, %d failures, %d errors, %d skipped", t, f, e, s}')
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1))
    echo "run $i/$runs: ok in ${secs} s ($tests; load average $load) - $log"
  else
    failed=$((failed + 1))
    echo "run $i/$runs: FAILED (exit $rc) in ${secs} s ($tests; load average $load) - $log"
    grep -E '<<< (FAILURE|ERROR)!' "$log" | head -20
    break
  fi
done
echo "under load: $passed passed, $failed failed"
[ $failed -eq 0 ]
