#!/usr/bin/env bash
# The slow-JWKS attack: unauthenticated token requests that name a private_key_jwt client whose
# jwks_uri host sends its body a byte every 200 ms, against a running `signet server`.
#
#   signet-server/bench/slow-jwks.sh [--jar PATH] [--jdk 17|25|PATH] [--requests N] [--garbage N]
#
# Starts `signet server` (./signet launcher, its JVM flags) on a fresh H2 data folder with one
# client_secret_basic client (load-client) and one private_key_jwt client (hostile-keys) whose
# jwks-uri is http://127.0.0.1:$JWKS_PORT/jwks; SlowJwks.java plays that host, sends --requests
# (default 200) token requests at once with assertions for hostile-keys, while load-client asks for
# tokens in a loop until every attack request is answered. Before the attack, --garbage (default 50)
# unparseable assertions naming client garbage-keys and as many well-formed forged ones for
# forged-keys (their jwks-uris, on the same host, answer 500). Prints the JWKS fetches the host saw,
# the answers and their latency, and the normal client's tokens and latency meanwhile. --jar runs
# another build of signet.jar (e.g. an older commit's) through the same launcher. Needs curl.
# Result lines start with RESULT.
set -euo pipefail
here=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
REQUESTS=200
GARBAGE=50
PORT=${PORT:-18491}
JWKS_PORT=${JWKS_PORT:-18492}
JAR=
JDK=${JAVA_HOME:-}
while [[ $# -gt 0 ]]; do
  case $1 in
    --jar) JAR=$2; shift 2 ;;
    --jdk) JDK=$2; shift 2 ;;
    --requests) REQUESTS=$2; shift 2 ;;
    --garbage) GARBAGE=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "slow-jwks.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench-config.sh
. "$here/bench-config.sh"
command -v curl >/dev/null || { echo "slow-jwks.sh: curl not found" >&2; exit 2; }
JDK=$(jdk_home "$JDK")
bench_setup ES256
cat >> "$work/signet.yaml" <<YAML
      - id: hostile-keys
        auth-method: private_key_jwt
        jwks-uri: http://127.0.0.1:$JWKS_PORT/jwks
        audiences: [orders-api]
      - id: garbage-keys
        auth-method: private_key_jwt
        jwks-uri: http://127.0.0.1:$JWKS_PORT/fail-garbage
        audiences: [orders-api]
      - id: forged-keys
        auth-method: private_key_jwt
        jwks-uri: http://127.0.0.1:$JWKS_PORT/fail-forged
        audiences: [orders-api]
YAML
bench_jar
java=${JDK:+$JDK/bin/}java
echo "RESULT jdk=\"$("$java" -version 2>&1 | head -1)\" uptime=\"$(uptime | sed 's/.*load average/load average/')\""
start_signet "$PORT"
"$java" "$here/SlowJwks.java" "http://127.0.0.1:$PORT" "$JWKS_PORT" hostile-keys "$CLIENT_ID" "$CLIENT_SECRET" \
    "$REQUESTS" "$GARBAGE"
echo "RESULT server_log fetch_failure_lines=$(grep -c 'fetching keys failed' "$work/err.log" || true)" \
  "refusal_lines=$(grep -c 'already' "$work/err.log" || true) stderr_bytes=$(wc -c < "$work/err.log")"
stop_server
