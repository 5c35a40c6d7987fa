#!/usr/bin/env bash
# Load benchmark of the client-credentials token endpoint (issue #5, "Performance").
# Starts `signet server` on a fresh H2 data folder with one tenant signing with $ALG, waits for
# /readyz (reporting the start-up time), warms up, then runs wrk at each concurrency and reports
# requests/s, p50/p99 latency, non-200 answers and the server's resident memory.
#   ALG=ES256 (RS256, PS256, EdDSA, ML-DSA-65)   CONCURRENCY="8 64"   SECONDS_EACH=20   WARMUP=10
#   CRYPTO=auto|accp|jdk   JAVA_HOME=...   THREADS (wrk threads, default 2)   PORT=18480
# Needs wrk (Debian: apt-get install wrk). Run from anywhere; the result lines start with RESULT.
set -euo pipefail
here=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
ALG=${ALG:-ES256}
CONCURRENCY=${CONCURRENCY:-"8 64"}
SECONDS_EACH=${SECONDS_EACH:-20}
WARMUP=${WARMUP:-10}
CRYPTO=${CRYPTO:-auto}
THREADS=${THREADS:-2}
PORT=${PORT:-18480}
command -v wrk >/dev/null || { echo "token-load.sh: wrk not found (apt-get install wrk)" >&2; exit 2; }

work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; wait "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
export CLIENT_ID=load-client
export CLIENT_SECRET=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
cat > "$work/signet.yaml" <<YAML
tenants:
  - name: default
    algorithm: $ALG
    clients:
      - id: load-client
        secret-env: CLIENT_SECRET
        scopes: [orders.read]
        audiences: [orders-api]
YAML

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
(cd "$root" && ./mvnw -q -B -DskipTests -pl signet-cli -am package) >&2
start=$(date +%s%N)
"$java" ${SIGNET_JAVA_OPTS:-} -jar "$root/signet-cli/target/signet.jar" server --config "$work/signet.yaml" \
    --port "$PORT" --data "$work/data" --crypto-provider "$CRYPTO" > "$work/out.log" 2> "$work/err.log" &
pid=$!
until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/err.log" >&2; exit 1; }
  sleep 0.05
done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
head -n 1 "$work/out.log"
echo "RESULT ready_ms=$ready_ms (process start to first ready /readyz, first boot: schema and key generation included)"
echo "java: $("$java" -version 2>&1 | head -n 1); alg: $ALG; crypto: $(curl -s "http://127.0.0.1:$PORT/readyz")"

url="http://127.0.0.1:$PORT/tenants/default/token"
wrk -t "$THREADS" -c 64 -d "${WARMUP}s" -s "$here/token-post.lua" "$url" > /dev/null
for c in $CONCURRENCY; do
  t=$(( THREADS < c ? THREADS : c ))
  echo "concurrency $c:"
  wrk -t "$t" -c "$c" -d "${SECONDS_EACH}s" --latency -s "$here/token-post.lua" "$url" | grep RESULT
  echo "RESULT rss_mb=$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) (after concurrency $c)"
done
