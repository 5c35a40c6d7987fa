#!/usr/bin/env bash
# Load benchmark of the client-credentials token endpoint (results: docs/benchmarks.md).
#
#   signet-server/bench/token-load.sh [--jdk 17|25|PATH] [--provider accp|jdk|auto] [--alg ES256|RS256|...]
#                                     [--seconds N] [--warmup N] [--concurrency "8 64"] [--no-bound]
#                                     [--own-session]
#                                     [--db-url jdbc:postgresql://HOST:PORT/DB?user=USER]
#
# Builds the jar, starts `signet server` through the ./signet launcher (so the launcher's server JVM
# flags and class-data sharing apply; SIGNET_JAVA_OPTS is passed on) on a fresh temporary embedded-store data
# folder (or, with --db-url, on that database, which must be empty or hold only an earlier run's
# Signet schema) with one tenant signing with --alg and one client_secret_basic client, and measures:
#   - time from process start to the first ready /readyz: first boot (schema, key generation) and a
#     restart on the same data folder;
#   - after a warm-up, wrk at each concurrency: requests/s, p50/p99 latency, non-200 answers and
#     socket errors; the server's RSS at the end of each run, sampled once a second during it
#     (min/median/max), and its peak over the whole process (VmHWM, start-up and warm-up included);
#   - the bound: bare JCA signatures/s of the same JDK, provider and algorithm on 1 and 2 threads
#     (SignBound.java), run while the server is stopped, and the ratio tokens/s ÷ bound.
# --own-session starts the server in a session of its own (setsid), as the shared peers harness
# does: with the kernel's autogroup scheduling (sched_autogroup_enabled=1) the server and wrk are then
# scheduled as two groups, and wrk's latency shows it (docs/benchmarks.md, "Where the tail comes from").
# Also prints `uptime` before and after: the machine is shared, compare only within one run.
# Needs wrk and curl (Debian: apt-get install wrk curl). Result lines start with RESULT.
set -euo pipefail
here=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
ALG=${ALG:-ES256}
CONCURRENCY=${CONCURRENCY:-"8 64"}
SECONDS_EACH=${SECONDS_EACH:-20}
WARMUP=${WARMUP:-15}
CRYPTO=${CRYPTO:-accp}
THREADS=${THREADS:-2}
PORT=${PORT:-18480}
BOUND=yes
JDK=${JAVA_HOME:-}
DB_URL=
SESSION=
while [[ $# -gt 0 ]]; do
  case $1 in
    --jdk) JDK=$2; shift 2 ;;
    --provider) CRYPTO=$2; shift 2 ;;
    --alg) ALG=$2; shift 2 ;;
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --no-bound) BOUND=no; shift ;;
    --own-session) SESSION=setsid; shift ;;
    --db-url) DB_URL=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "token-load.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench-config.sh
. "$here/bench-config.sh"
JDK=$(jdk_home "$JDK")
command -v wrk >/dev/null || { echo "token-load.sh: wrk not found (apt-get install wrk)" >&2; exit 2; }
java=${JDK:+$JDK/bin/}java

bench_setup "$ALG"

(cd "$root" && ./mvnw -q -B -DskipTests -Dsignet.fast -pl signet-cli -am package) >&2
jar=$root/signet-cli/target/signet.jar
# Let the launcher (re)build its server class-data-sharing archive for this JVM before anything is timed.
JAVA_HOME=${JDK:-${JAVA_HOME:-}} SIGNET_JAR=$jar "$root/signet" server --help > /dev/null 2>&1 || true

echo "RESULT uptime_before=\"$(uptime | sed 's/.*load average/load average/')\""
echo "java: $("$java" -version 2>&1 | head -n 1); alg: $ALG; provider: $CRYPTO; database: ${DB_URL:-embedded SQLite}; session: ${SESSION:+own (setsid), autogroup $(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo ?)}${SESSION:-shared with wrk}"

start_server() {
  local t0
  t0=$(date +%s%N)
  JAVA_HOME=${JDK:-${JAVA_HOME:-}} SIGNET_JAR=$jar $SESSION "$root/signet" server --config "$work/signet.yaml" \
      --port "$PORT" --data "$work/data" --crypto-provider "$CRYPTO" ${DB_URL:+--db-url "$DB_URL"} \
      >> "$work/out.log" 2>> "$work/err.log" &
  pid=$!
  until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/err.log" >&2; exit 1; }
    sleep 0.01
  done
  ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}

start_server
echo "RESULT ready_first_boot_ms=$ready_ms (process start to first ready /readyz: schema and key generation included)"
stop_server
start_server
echo "RESULT ready_restart_ms=$ready_ms (same data folder: schema current, keys loaded)"
echo "server: $(curl -s "http://127.0.0.1:$PORT/readyz")"

url="http://127.0.0.1:$PORT/tenants/default/token"
curl -sf -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$url" > /dev/null \
  || { echo "token-load.sh: a single token request failed" >&2; cat "$work/err.log" >&2; exit 1; }
wrk -t "$THREADS" -c 64 -d "${WARMUP}s" -s "$here/token-post.lua" "$url" > /dev/null
rss() { awk -v k="$1:" '$1 == k {print int($2 / 1024)}' "/proc/$pid/status"; }
declare -A rps
for c in $CONCURRENCY; do
  t=$(( THREADS < c ? THREADS : c ))
  # RSS once a second while wrk runs: min/median/max, beside the value at the end.
  ( while kill -0 "$pid" 2>/dev/null; do rss VmRSS; sleep 1; done ) > "$work/rss.$c" &
  sampler=$!
  line=$(wrk -t "$t" -c "$c" -d "${SECONDS_EACH}s" --latency -s "$here/token-post.lua" "$url" | grep RESULT)
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  during=$(sort -n "$work/rss.$c" | awk '{v[NR] = $1} END {if (NR) printf "%d/%d/%d", v[1], v[int((NR + 1) / 2)], v[NR]}')
  echo "$line concurrency=$c rss_mb=$(rss VmRSS) rss_mb_during_min/median/max=$during"
  rps[$c]=$(sed -E 's/.* rps=([0-9]+).*/\1/' <<< "$line")
done
echo "RESULT rss_peak_mb=$(rss VmHWM) (VmHWM of the server process)"
stop_server

if [[ $BOUND == yes ]]; then
  bound_provider=$CRYPTO
  [[ $bound_provider == auto ]] && bound_provider=accp
  out=$("$java" -cp "$jar" "$here/SignBound.java" "$ALG" "$bound_provider" 5)
  echo "$out"
  b2=$(grep 'threads=2' <<< "$out" | sed -E 's/.*signatures_per_s=([0-9]+).*/\1/')
  for c in $CONCURRENCY; do
    awk -v r="${rps[$c]}" -v b="$b2" -v c="$c" \
      'BEGIN { printf "RESULT ratio concurrency=%s tokens_per_s/bound_2_threads=%.3f\n", c, r / b }'
  done
fi
echo "RESULT uptime_after=\"$(uptime | sed 's/.*load average/load average/')\""
