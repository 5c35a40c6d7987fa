#!/usr/bin/env bash
# Where the token endpoint's latency tail comes from: the same server and the same wrk in several
# placements on this machine (results: docs/benchmarks.md, "Where the tail comes from").
#
#   signet-server/bench/tail-placement.sh [--jdk 17|25|PATH] [--seconds N] [--concurrency C]
#                                         [--rounds N] [--lua FILE] [PLACEMENT...]
#
# Placements (default: all of them, in this order, repeated --rounds times):
#   shared      server and wrk in the caller's session: one scheduling group
#   own         the server in a session of its own (setsid), as the shared peers harness starts it;
#               with the kernel's autogroup scheduling (sched_autogroup_enabled=1) that makes the
#               server and wrk two scheduling groups
#   own-c1      own, with one virtual-thread carrier (-Djdk.virtualThreadScheduler.parallelism=1)
#   own-c2      own, with two carriers
#   own-pinned  own, the server on CPU 0 and wrk on CPU 1 (taskset)
#   own-wrk1    own, wrk with one thread instead of two
# Each placement gets a fresh server and data folder, a 25 s warm-up at c=8, then --concurrency
# connections (default 64) for --seconds (default 20). A RESULT line gives wrk's tokens/s, p50 and
# p99 beside the server's own p99 and p99.9 of the same requests (the upper bound of the bucket of its
# request histogram, handler entry to exit), so a tail the server never saw shows as such.
# --lua: the wrk script (default token-post.lua here; it needs CLIENT_ID and CLIENT_SECRET, which
# this script sets). Needs wrk, curl and taskset.
set -euo pipefail
here=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
JDK=${JAVA_HOME:-}
SECONDS_EACH=20
CONCURRENCY=64
ROUNDS=1
LUA=$here/token-post.lua
PORT=18490
placements=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --jdk) JDK=$2; shift 2 ;;
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --lua) LUA=$(cd "$(dirname -- "$2")" && pwd)/$(basename -- "$2"); shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    shared|own|own-c1|own-c2|own-pinned|own-wrk1) placements+=("$1"); shift ;;
    *) echo "tail-placement.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ ${#placements[@]} -gt 0 ]] || placements=(shared own own-c1 own-c2 own-pinned own-wrk1)
# shellcheck source=bench-config.sh
. "$here/bench-config.sh"
JDK=$(jdk_home "$JDK")
for tool in wrk curl taskset; do
  command -v "$tool" >/dev/null || { echo "tail-placement.sh: $tool not found" >&2; exit 2; }
done

bench_setup ES256
bench_jar
url="http://127.0.0.1:$PORT/tenants/default/token"
echo "RESULT uptime_before=\"$(uptime | sed 's/.*load average/load average/')\""
echo "autogroup scheduling: $(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo unknown)"

# The upper bound (ms) of the histogram bucket holding quantile $1 of the token endpoint's 200s.
server_quantile() {
  awk -v q="$1" '/^signet_http_server_requests_seconds_bucket/ && /token/ && /status="200"/ {
      match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5)
      n++; bound[n] = le; count[n] = $NF }
    END { total = count[n]; for (i = 1; i <= n; i++) if (count[i] >= q * total) {
      printf "%s", (bound[i] == "+Inf" ? "inf" : sprintf("%.2f", bound[i] * 1000)); exit } }' "$work/metrics"
}

run() {
  local placement=$1 session=() server_cpu=() wrk_cpu=() opts="" threads=2
  case $placement in
    shared) ;;
    own) session=(setsid) ;;
    own-c1) session=(setsid); opts=-Djdk.virtualThreadScheduler.parallelism=1 ;;
    own-c2) session=(setsid); opts=-Djdk.virtualThreadScheduler.parallelism=2 ;;
    own-pinned) session=(setsid); server_cpu=(taskset -c 0); wrk_cpu=(taskset -c 1) ;;
    own-wrk1) session=(setsid); threads=1 ;;
  esac
  rm -rf "$work/data"
  JAVA_HOME=$JDK SIGNET_JAR=$JAR SIGNET_JAVA_OPTS="$opts" \
    ${session[@]+"${session[@]}"} ${server_cpu[@]+"${server_cpu[@]}"} "$root/signet" server \
    --config "$work/signet.yaml" --port "$PORT" --data "$work/data" >> "$work/out.log" 2>> "$work/err.log" &
  pid=$!
  until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/err.log" >&2; exit 1; }
    sleep 0.05
  done
  wrk -t 2 -c 8 -d 25s -s "$LUA" "$url" > /dev/null
  sleep 2
  local out rps p50 p99
  out=$(${wrk_cpu[@]+"${wrk_cpu[@]}"} wrk -t "$threads" -c "$CONCURRENCY" -d "${SECONDS_EACH}s" --latency \
    -s "$LUA" "$url")
  rps=$(awk '/^Requests\/sec:/ {printf "%d", $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  curl -s "http://127.0.0.1:$PORT/metrics" > "$work/metrics"
  echo "RESULT placement=$placement concurrency=$CONCURRENCY tokens_per_s=$rps wrk_p50=$p50 wrk_p99=$p99" \
    "server_p99_ms<=$(server_quantile 0.99) server_p99.9_ms<=$(server_quantile 0.999)"
  stop_server
}

for ((r = 1; r <= ROUNDS; r++)); do
  for p in "${placements[@]}"; do run "$p"; done
done
echo "RESULT uptime_after=\"$(uptime | sed 's/.*load average/load average/')\""
