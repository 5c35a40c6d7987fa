#!/usr/bin/env bash
# Crash safety under load: does the server lose anything it answered 200 when it is killed (kill -9)?
#
#   signet-server/bench/crash-loop.sh [CYCLES] [--db-url jdbc:postgresql://HOST:PORT/DB?user=USER]
#                                     [--data DIR] [--keep] [--jar PATH] [--port N]
#
# Starts `signet server` (./signet launcher, its JVM flags) on the embedded default store in one data
# folder that persists across the cycles (so the store grows), or with --db-url on PostgreSQL, in a
# new schema `signet_crash_<random>` created for the run (dropped at the end unless --keep; a URL
# that already names currentSchema= is used as it is). Tenant `default` (ES256, 1 h tokens) has an
# opaque-token client and a JWT client. Then CYCLES times (default 20):
#   load   CrashLoop.java: 4 threads of client_credentials requests for opaque tokens, one thread
#          registering clients through the admin API and disabling them, one revoking the signing key
#          (emergency revocation) with a JWT it signed; every write answered 200/201 goes to a ledger;
#   kill   after a random 1-5 s of load (from its first answered request): kill -9 the server;
#   start  the server again on the same store: a start that is not ready within 60 s, or that exits,
#          is a start-up failure (retried twice, then the run stops: the store does not open);
#   check  every opaque token answered introspects active, every client registered is there, every
#          client disabled is disabled, every revoked kid is out of the JWKS, does not sign new
#          tokens, and its JWT introspects inactive.
# After the last cycle, the whole ledger is checked once more (what earlier cycles wrote must
# survive the later crashes too). Result lines start with RESULT; the server's logs and the ledger
# are kept in the work folder, printed at the end. Needs curl.
set -euo pipefail
here=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
CYCLES=20
PORT=${PORT:-18500}
DB_URL=
DATA=
KEEP=no
JAR=
while [[ $# -gt 0 ]]; do
  case $1 in
    --db-url) DB_URL=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    --keep) KEEP=yes; shift ;;
    --jar) JAR=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    [0-9]*) CYCLES=$1; shift ;;
    *) echo "crash-loop.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
command -v curl >/dev/null || { echo "crash-loop.sh: curl not found" >&2; exit 2; }
if [[ -z $JAR ]]; then
  (cd "$root" && ./mvnw -q -B -DskipTests -Dsignet.fast -pl signet-cli -am package) >&2
  JAR=$root/signet-cli/target/signet.jar
fi
work=$(mktemp -d -t signet-crash.XXXXXX)
data=${DATA:-$work/data}
ledger=$work/ledger
: > "$ledger"
pid=
schema=
cleanup() {
  if [[ -n $pid ]]; then kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [[ -n $schema && $KEEP == no ]]; then
    java -cp "$JAR" "$here/CrashLoop.java" schema drop "$DB_URL" "$schema" || true
  fi
}
trap cleanup EXIT
if [[ -n $DB_URL && $DB_URL != *currentSchema=* ]]; then
  schema=signet_crash_$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')
  java -cp "$JAR" "$here/CrashLoop.java" schema create "$DB_URL" "$schema"
  server_db_url=$DB_URL$([[ $DB_URL == *\?* ]] && echo '&' || echo '?')currentSchema=$schema
else
  server_db_url=$DB_URL
fi
CRASH_OPAQUE_SECRET=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
CRASH_JWT_SECRET=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
export CRASH_OPAQUE_SECRET CRASH_JWT_SECRET
cat > "$work/signet.yaml" <<'YAML'
tenants:
  - name: default
    algorithm: ES256
    access-token-lifetime: 1h
    clients:
      - id: crash-opaque
        secret-env: CRASH_OPAQUE_SECRET
        scopes: [crash.read]
        audiences: [crash-api]
        token-format: opaque
      - id: crash-jwt
        secret-env: CRASH_JWT_SECRET
        scopes: [crash.read]
        audiences: [crash-api]
YAML
base=http://127.0.0.1:$PORT
echo "RESULT uptime_before=\"$(uptime | sed 's/.*load average/load average/')\""
echo "database: ${server_db_url:-embedded default in $data}; work folder: $work"

# Starts the server and waits for /readyz; 0 when ready, 1 when it exited or was not ready in 60 s.
start_server() {
  SIGNET_JAR=$JAR "$root/signet" server --config "$work/signet.yaml" --port "$PORT" --data "$data" \
      ${server_db_url:+--db-url "$server_db_url"} >> "$work/out.log" 2>> "$work/err.log" &
  pid=$!
  local t0=$SECONDS
  until curl -sf "$base/readyz" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null || (( SECONDS - t0 > 60 )); then
      kill -9 "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      pid=
      return 1
    fi
    sleep 0.05
  done
}

# Starts the server, up to three tries; counts the failed ones. Exits the run when all three fail.
start_failures=0
start_or_stop() {
  local try
  for try in 1 2 3; do
    if start_server; then return 0; fi
    start_failures=$(( start_failures + 1 ))
    echo "start-up failure $start_failures (cycle $1, try $try); the server's last lines:"
    tail -n 5 "$work/err.log" | cut -c1-300
  done
  echo "RESULT stopped: the store did not open in three tries after cycle $1; start_failures=$start_failures"
  summary
  exit 1
}

summary() {
  grep '^RESULT cycle=' "$work/results" 2>/dev/null | awk -v failures="$start_failures" '
    { for (i = 3; i <= NF; i++) { split($i, kv, "="); sum[kv[1]] += kv[2] } n++ }
    END {
      printf "RESULT total cycles=%d start_failures=%d", n, failures
      split("answered_opaque lost_opaque answered_clients lost_clients answered_disables lost_disables" \
            " answered_revocations lost_revocations check_errors", keys, " ")
      for (k = 1; k in keys; k++) printf " %s=%d", keys[k], sum[keys[k]]
      printf "\n"
    }'
}

start_or_stop 0
for (( cycle = 1; cycle <= CYCLES; cycle++ )); do
  from=$(( $(wc -l < "$ledger") + 1 ))
  rm -f "$ledger.running"
  java -cp "$JAR" "$here/CrashLoop.java" load "$base" "$data" "$ledger" >> "$work/load.log" 2>&1 &
  loader=$!
  # The random time runs from the first answered request, not from the load's JVM start (which
  # compiles this folder's CrashLoop.java first).
  until [[ -e $ledger.running ]]; do
    kill -0 "$loader" 2>/dev/null || { echo "the load did not start (see $work/load.log)" >&2; exit 1; }
    sleep 0.02
  done
  run_ms=$(( 1000 + RANDOM % 4001 ))
  sleep "$(( run_ms / 1000 )).$(printf '%03d' $(( run_ms % 1000 )))"
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
  wait "$loader" || echo "load exited with status $? (see $work/load.log)"
  t0=$(date +%s%N)
  start_or_stop "$cycle"
  ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  line=$(java -cp "$JAR" "$here/CrashLoop.java" check "$base" "$data" "$ledger" "$from" "cycle=$cycle" \
         | tee -a "$work/check.log" | grep '^RESULT' || echo "RESULT cycle=$cycle check_failed=1")
  echo "$line killed_after_ms=$run_ms ready_after_restart_ms=$ready_ms data_kb=$(du -sk "$data" | cut -f1)" \
    | tee -a "$work/results"
done
java -cp "$JAR" "$here/CrashLoop.java" check "$base" "$data" "$ledger" 1 "all_cycles_after_last_restart" \
  | tee -a "$work/check.log" | grep '^RESULT'
summary
echo "RESULT uptime_after=\"$(uptime | sed 's/.*load average/load average/')\""
echo "logs: $work/err.log, $work/load.log, $work/check.log; ledger: $ledger"
trap - EXIT
cleanup
