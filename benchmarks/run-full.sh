#!/usr/bin/env bash
# The full benchmark run behind docs/benchmarks/README.md: every JMH benchmark (about 32 of its
# 37 min on 2 CPUs; the headline cells run 3 forks each so their error bars stay under 10%), the
# parked-memory harness (1,000,000 goroutines per target), Go's programs if `go` is on PATH,
# then the report. Not CI: CI runs BenchmarkSmokeTest, a one-iteration smoke. Run it on an
# idle machine: anything else running widens every error bar.
#
#   bash benchmarks/run-full.sh                  # everything
#   bash benchmarks/run-full.sh 'StageBenchmarks.pingPong|JavaPeerBenchmarks.pingPong'   # a subset
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
OUT=target/bench
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo "+local changes")
mkdir -p "$OUT"
START=$(date +%s)

./mvnw -q -pl benchmarks -am package -DskipTests

jmh() { # jmh NAME ARGS...: one JMH run, its results in $OUT/jmh-NAME.json
    local name=$1
    shift
    "$JAVA" -jar benchmarks/target/benchmarks.jar -rf json -rff "$OUT/jmh-$name.json" "$@"
    JMH_FILES="${JMH_FILES:+$JMH_FILES,}$OUT/jmh-$name.json"
}
rm -f "$OUT"/jmh-*.json
JMH_FILES=
if [ $# -gt 0 ]; then
    jmh subset "$@"
else
    # The headline cells (02-05 and virtual threads) with the settings pinned in the classes:
    # 3 forks x 10 iterations after 10 warm-ups. The same workloads on the 01 stages and on
    # Java's other schedulers are context, not headline: one fork. Then everything else.
    WORKLOADS='\.(spawn|pingPong|yieldMany|syscallMix)$'
    jmh headline-stages "^gmp\.benchmarks\.StageBenchmarks$WORKLOADS" -p stage=02-gm,03-perm,04-gmp,05-async
    jmh headline-peers "^gmp\.benchmarks\.JavaPeerBenchmarks$WORKLOADS" -p peer=virtual
    jmh context-stages "^gmp\.benchmarks\.StageBenchmarks$WORKLOADS" -p stage=01-n1,01-threads -f 1
    jmh context-peers "^gmp\.benchmarks\.JavaPeerBenchmarks$WORKLOADS" -p peer=threads,pool,forkjoin -f 1
    jmh rest -e "^gmp\.benchmarks\.(StageBenchmarks|JavaPeerBenchmarks)$WORKLOADS"
fi

"$JAVA" -Xmx8g --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
    -cp benchmarks/target/benchmarks.jar gmp.benchmarks.ParkedMemory 1000000 "$OUT/parked-memory.json"

GO_ARGS=()
if command -v go >/dev/null 2>&1; then
    bash benchmarks/go/run.sh "$OUT/go.json"
    GO_ARGS=(--go "$OUT/go.json")
fi

# where a 04-gmp handoff's time goes (JFR samples): docs/benchmarks/handoff-profile.*, which the report includes
bash benchmarks/profile-handoff.sh docs/benchmarks || echo "handoff profile skipped (see above); the report goes on without it"

CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs || echo unknown)
ABOUT="Machine: $(nproc) CPUs ($CPU). JDK: $("$JAVA" -version 2>&1 | head -1). Date: $(date -u +%F). Code: commit $COMMIT. \
Command: \`bash benchmarks/run-full.sh $*\`. JMH 1.37; the headline workloads (spawn, ping-pong, yield, syscall mix) \
on 02-05 and virtual threads run 3 forks x 10 iterations of 0.5 s after 10 warm-ups (the syscall mix with a 20 ms \
untimed pause before each run, QuietStart); the same workloads on the 01 stages and Java's other schedulers, 1 fork \
of the same; the other benchmarks use their classes' settings (1 fork)."

"$JAVA" -cp benchmarks/target/benchmarks.jar gmp.benchmarks.report.BenchReport \
    --jmh "$JMH_FILES" --memory "$OUT/parked-memory.json" "${GO_ARGS[@]}" \
    --about "$ABOUT" --out docs/benchmarks

echo "run-full.sh took $(( ($(date +%s) - START) / 60 )) min"
