#!/usr/bin/env bash
# The unauthenticated client-id flood against a server with the launcher's 128 MB heap: legitimate
# token requests per second before, during and after it, and the old generation's use.
#
#   signet-server/bench/hostile-ids.sh [--jar PATH] [--seconds N] [--id-bytes N] [--attackers N]
#
# Starts `signet server` (./signet launcher, its JVM flags: -Xmx128m, Serial GC) on a fresh H2 data
# folder with one client_secret_basic client, then:
#   before  wrk at concurrency 8 with the legitimate client for --seconds (default 10);
#   during  the same, while HostileIds.java sends token requests whose client_id is --id-bytes
#           (default 60000) new random letters each, from --attackers (default 4) threads, for twice
#           --seconds (the attack starts --seconds/2 before the measurement);
#   after   the attack stopped, wrk again.
# After each phase: the old generation used/capacity in MB and full collections so far (jstat), and
# the OutOfMemoryErrors in the server's log. Last, a graceful stop (SIGTERM): its exit status and time.
# --jar runs another build of signet.jar (e.g. an older commit's) through the same launcher.
# Needs wrk, curl and jstat (the JDK's). Result lines start with RESULT.
set -euo pipefail
here=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
SECONDS_EACH=10
ID_BYTES=60000
ATTACKERS=4
PORT=${PORT:-18490}
JAR=
while [[ $# -gt 0 ]]; do
  case $1 in
    --jar) JAR=$2; shift 2 ;;
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --id-bytes) ID_BYTES=$2; shift 2 ;;
    --attackers) ATTACKERS=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "hostile-ids.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench-config.sh
. "$here/bench-config.sh"
for tool in wrk curl jstat; do
  command -v $tool >/dev/null || { echo "hostile-ids.sh: $tool not found" >&2; exit 2; }
done
bench_setup ES256
bench_jar
echo "RESULT uptime_before=\"$(uptime | sed 's/.*load average/load average/')\""
start_signet "$PORT"
url="http://127.0.0.1:$PORT/tenants/default/token"
curl -sf -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$url" > /dev/null
wrk -t 2 -c 8 -d 5s -s "$here/token-post.lua" "$url" > /dev/null # warm-up

heap() {
  # jstat -gc: OC and OU (old capacity, used, KB), FGC (full collections).
  jstat -gc "$pid" | awk 'NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i}
    NR == 2 {printf "old_used_mb=%.1f old_capacity_mb=%.1f full_gcs=%s", $col["OU"] / 1024, $col["OC"] / 1024, $col["FGC"]}'
}
phase() {
  local line
  line=$(wrk -t 2 -c 8 -d "${SECONDS_EACH}s" -s "$here/token-post.lua" "$url" | grep RESULT | sed 's/^RESULT //')
  echo "RESULT phase=$1 legitimate $line $(heap) oom_in_log=$(grep -c OutOfMemoryError "$work/err.log" || true)"
}

phase before
java "$here/HostileIds.java" "$url" $(( SECONDS_EACH * 2 )) "$ATTACKERS" "$ID_BYTES" > "$work/attack.out" &
attacker=$!
sleep $(( SECONDS_EACH / 2 ))
phase during
wait "$attacker" || true
cat "$work/attack.out"
phase after
t0=$(date +%s%N)
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
echo "RESULT graceful_stop exit_status=$status took_ms=$(( ($(date +%s%N) - t0) / 1000000 ))" \
  "oom_in_log=$(grep -c OutOfMemoryError "$work/err.log" || true)"
echo "RESULT throttle_log_lines=$(grep -c 'client authentication throttled' "$work/err.log" || true)" \
  "audit_log_lines=$(grep -c 'client.authentication_failed' "$work/err.log" || true) stderr_bytes=$(wc -c < "$work/err.log")"
echo "RESULT uptime_after=\"$(uptime | sed 's/.*load average/load average/')\""
