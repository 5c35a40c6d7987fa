#!/usr/bin/env bash
# Slowloris against `signet server`: what a normal client's token requests see while hundreds of
# connections send their headers, or their body, a byte at a time.
#
#   signet-server/bench/slow-clients.sh [--jdk 17|25|PATH] [--seconds N] [--headers N] [--bodies N]
#                                       [--drip N] [--jar PATH] [--port N]
#
# Starts `signet server` (./signet launcher, its JVM flags; server.max-threads at its default, 200,
# which is what Java 17 serves with) on a fresh H2 data folder with one client_secret_basic client,
# then runs SlowClients.java for --seconds (default 30): --headers (default 200) connections that
# send their headers and --bodies (default 200) that send a 1000-byte body, each one byte every
# --drip seconds (default 5), a connection the server closes opened again at once; and meanwhile a
# token request every 100 ms, each given 2 s. Halfway through, the server's thread count
# (/proc/PID/task). Result lines start with RESULT: the normal requests (ok, failed, p50/p99/max),
# and how the slow connections ended (408, closed unanswered) and after how long.
# --jar runs another build of signet.jar (e.g. an older commit's) through the same launcher.
# Needs curl.
set -euo pipefail
here=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
SECONDS_TOTAL=30
HEADERS=200
BODIES=200
DRIP=5
PORT=${PORT:-18530}
JAR=
JDK=${JAVA_HOME:-}
while [[ $# -gt 0 ]]; do
  case $1 in
    --jdk) JDK=$2; shift 2 ;;
    --seconds) SECONDS_TOTAL=$2; shift 2 ;;
    --headers) HEADERS=$2; shift 2 ;;
    --bodies) BODIES=$2; shift 2 ;;
    --drip) DRIP=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "slow-clients.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench-config.sh
. "$here/bench-config.sh"
command -v curl >/dev/null || { echo "slow-clients.sh: curl not found" >&2; exit 2; }
JDK=$(jdk_home "$JDK")
java=${JDK:+$JDK/bin/}java
bench_setup ES256
bench_jar
echo "RESULT uptime_before=\"$(uptime | sed 's/.*load average/load average/')\""
echo "java: $("$java" -version 2>&1 | head -n 1); slow connections: $HEADERS headers, $BODIES bodies, a byte every ${DRIP} s"
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "slow-clients.sh: something already answers on port $PORT (choose another with --port)" >&2; exit 2
fi
start_signet "$PORT"
url="http://127.0.0.1:$PORT/tenants/default/token"
for _ in $(seq 50); do # warm-up
  curl -sf -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$url" > /dev/null
done
# The server runs under the launcher's exec, so $pid is the JVM itself.
echo "RESULT threads_before=$(ls "/proc/$pid/task" | wc -l)"
"$java" "$here/SlowClients.java" 127.0.0.1 "$PORT" "$SECONDS_TOTAL" "$HEADERS" "$BODIES" "$DRIP" > "$work/attack.out" &
attacker=$!
sleep $(( SECONDS_TOTAL / 2 ))
echo "RESULT threads_during=$(ls "/proc/$pid/task" | wc -l)"
wait "$attacker"
cat "$work/attack.out"
echo "RESULT after_attack $(curl -s -o /dev/null -w 'status=%{http_code} time_s=%{time_total}' \
  -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$url")"
echo "RESULT server_log_lines=$(wc -l < "$work/err.log") errors_in_log=$(grep -c ERROR "$work/err.log" || true)"
echo "RESULT uptime_after=\"$(uptime | sed 's/.*load average/load average/')\""
