#!/usr/bin/env bash
# Interleaved comparison of the embedded store of two builds of Signet (e.g. H2 before, SQLite after):
#
#   signet-server/bench/store-ab.sh BEFORE_JAR AFTER_JAR [ROUNDS]
#
# Per round and build (alternating, so a change in the machine's load hits both): `signet server`
# through this checkout's launcher on a fresh temporary data folder with its default embedded
# store (ES256 tenant, one client issuing opaque tokens, so every token is a row written), then
#   - ms from launch to the first ready /readyz (first boot: schema, key generation), then a
#     restart on the same folder, timed the same way;
#   - the server's RSS 2 s after the restart was ready;
#   - wrk for SECONDS_EACH s at CONCURRENCY connections of client-credentials requests after a
#     WARMUP s warm-up: tokens/s and non-200 answers.
# Prints one RESULT line per build and round. Needs wrk and curl.
set -euo pipefail
here=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
before=$1
after=$2
rounds=${3:-3}
SECONDS_EACH=${SECONDS_EACH:-15}
WARMUP=${WARMUP:-8}
CONCURRENCY=${CONCURRENCY:-8}
PORT=${PORT:-18520}
# shellcheck source=bench-config.sh
. "$here/bench-config.sh"
bench_setup ES256
sed -i 's/        audiences: \[orders-api\]/        audiences: [orders-api]\n        token-format: opaque/' "$work/signet.yaml"

ready_ms() {
  local t0=$1
  for _ in $(seq 6000); do
    curl -sf "http://127.0.0.1:$PORT/readyz" > /dev/null 2>&1 && break
    kill -0 "$pid" 2> /dev/null || { cat "$work/out.log" >&2; exit 1; }
    sleep 0.005
  done
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
}

start() {
  local jar=$1 data=$2
  SIGNET_JAR=$jar "$root/signet" server --config "$work/signet.yaml" --port "$PORT" --data "$data" \
      --crypto-provider accp > "$work/out.log" 2>&1 &
  pid=$!
}

one() {
  local name=$1 jar=$2 data t0 first restart rss rps non200
  data=$(mktemp -d "$work/data-XXXX")
  t0=$(date +%s%N); start "$jar" "$data"; first=$(ready_ms "$t0"); stop_server
  t0=$(date +%s%N); start "$jar" "$data"; restart=$(ready_ms "$t0")
  sleep 2
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  wrk -t2 -c"$CONCURRENCY" -d"${WARMUP}s" -s "$here/token-post.lua" "http://127.0.0.1:$PORT/tenants/default/token" > /dev/null
  out=$(wrk -t2 -c"$CONCURRENCY" -d"${SECONDS_EACH}s" -s "$here/token-post.lua" \
      "http://127.0.0.1:$PORT/tenants/default/token")
  rps=$(grep -o 'rps=[0-9]*' <<< "$out" | cut -d= -f2)
  non200=$(grep -o 'non200=[0-9]*' <<< "$out" | cut -d= -f2)
  stop_server
  echo "RESULT $name first_boot_ms=$first restart_ms=$restart rss_mb=$rss tokens_per_s=$rps non200=${non200:-?} data=$(du -sk "$data" | cut -f1)KB"
  rm -rf "$data"
}

# One unmeasured start each: the launcher's class-data-sharing archive for each jar.
one before "$before" > /dev/null
one after "$after" > /dev/null
uptime
for _ in $(seq "$rounds"); do
  one before "$before"
  one after "$after"
done
uptime
