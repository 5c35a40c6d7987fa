#!/usr/bin/env bash
# Builds the JMH uber-jar and runs the suite with the settings docs/benchmarks.md reports: one
# fork per benchmark and provider, 3 × 2 s warm-up, 3 × 2 s measurement, the GC profiler (for
# B/op), JSON results. Arguments go to JMH after those settings (a benchmark filter, -p ...);
# JMH_OPTS replaces the settings themselves.
#
#   signet-bench/run.sh                                   # everything (about 20-25 minutes)
#   signet-bench/run.sh 'Hs256.verify' -p provider=jdk    # HS256 verification, JDK provider only
#   JMH_OPTS='-f 1 -wi 1 -i 1 -w 1s -r 1s' signet-bench/run.sh   # smoke run
#   SIGNET_TARGET=target-bench signet-bench/run.sh        # build into another folder
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java signet-bench/run.sh
#   NICE=-5 signet-bench/run.sh                           # as root: favour the benchmark on a shared machine
#
# Writes signet-bench/$SIGNET_TARGET/results.json; signet-bench/report.py turns it into tables.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."

target=${SIGNET_TARGET:-target}
java=${JAVA:-java}
read -r -a settings <<< "${JMH_OPTS:--f 1 -wi 3 -i 3 -w 2s -r 2s -prof gc}"
nice=()
if [[ -n "${NICE:-}" ]]; then
  nice=(nice -n "$NICE")
fi

./mvnw -B -q -pl signet-bench -am package -DskipTests -Dsignet.fast "-Dsignet.target=$target"

"$java" -version
${nice[@]+"${nice[@]}"} "$java" -jar "signet-bench/$target/benchmarks.jar" \
  "${settings[@]}" \
  -rf json -rff "signet-bench/$target/results.json" \
  "$@"
