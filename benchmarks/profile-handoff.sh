#!/usr/bin/env bash
# Where 04-gmp's one-way channel handoff spends its time: the ping-pong benchmark (procs=1) with
# JFR execution samples every millisecond (benchmarks/handoff.jfc), a bare Continuation
# yield + resume for the floor, and HandoffProfile turning the samples into ns per part of the
# path: docs/benchmarks/handoff-profile.svg and handoff-profile.md (about 1 min). Run it on an
# idle machine.
#
#   bash benchmarks/profile-handoff.sh               # writes docs/benchmarks/handoff-profile.*
#   bash benchmarks/profile-handoff.sh target/prof   # somewhere else
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
BIN="$JAVA_HOME/bin"
OUT="${1:-docs/benchmarks}"
WORK=target/handoff-profile
mkdir -p "$WORK"
rm -f "$WORK"/*.jfr "$WORK"/*.json

./mvnw -q -pl benchmarks -am package -DskipTests
JAR=benchmarks/target/benchmarks.jar

"$BIN/java" -jar "$JAR" 'StageBenchmarks.pingPong' -p stage=04-gmp -p procs=1 -f 1 -wi 3 -i 8 -r 1s -w 1s \
    -rf json -rff "$WORK/pingpong.json" \
    -jvmArgsAppend "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:StartFlightRecording=filename=$WORK/pingpong.jfr,settings=$PWD/benchmarks/handoff.jfc" \
    | grep -E '^Benchmark|pingPong '
"$BIN/java" -jar "$JAR" 'RawContinuationBenchmark' -f 1 -rf json -rff "$WORK/raw.json" | grep -E '^Benchmark|yieldResume '

"$BIN/jfr" print --json --events jdk.ExecutionSample --stack-depth 64 "$WORK/pingpong.jfr" > "$WORK/samples.json"
"$BIN/java" -cp "$JAR" gmp.benchmarks.report.HandoffProfile --samples "$WORK/samples.json" \
    --jmh "$WORK/pingpong.json" --raw-jmh "$WORK/raw.json" \
    --about "Machine: $(nproc) CPUs. JDK: $("$BIN/java" -version 2>&1 | head -1). Date: $(date -u +%F). Code: commit $(git rev-parse --short HEAD). Command: \`bash benchmarks/profile-handoff.sh\`." \
    --out "$OUT"
