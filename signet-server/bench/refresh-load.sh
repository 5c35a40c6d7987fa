#!/usr/bin/env bash
# Load benchmark of the refresh-token grant with rotation, Signet against node-oidc-provider in the
# same sitting (results: docs/benchmarks.md).
#
#   signet-server/bench/refresh-load.sh [--jdk 17|25|PATH] [--provider accp|jdk] [--stores "sqlite pg"]
#       [--db-url jdbc:postgresql://HOST:PORT/DB?user=USER] [--seconds N] [--warmup N]
#       [--concurrency "8 64"] [--client public|confidential] [--families-per-connection N]
#       [--no-peer] [--peer-only] [--own-session] [--mint signin|store]
#
# Builds the jar and starts `signet server` (ES256 tenant `default`, one client `refresh-client`
# with the authorization_code and refresh_token grants, public by default, and 4 users) once per
# store: the embedded SQLite store on a fresh data folder, and PostgreSQL on the database of
# --db-url (default: jdbc:postgresql://127.0.0.1:5432/signet_refresh_bench?user=postgres, dropped and
# created afresh; anything else given must be empty or hold only an earlier run's Signet schema).
# Then node-oidc-provider 9 (npm registry) with the same client type, rotation on, ES256 and its
# in-memory adapter (peer-node-refresh.mjs). For every server, a warm-up at c=64 and one run per
# concurrency, each on fresh refresh-token families, N per connection (default 2): Signet's are
# minted through real sign-ins (SignIns.java mint: authorize, the sign-in form, code, token with
# PKCE; --mint store instead issues the codes through the server's own store classes,
# MintCodes.java, and redeems them at the token endpoint), node's through its models (/bench/mint). wrk (2 threads, refresh.lua) rotates them: every
# answer's refresh token is the next request's, each token sent once. Reports per run:
#   refreshes/s (200 answers ÷ time from the first request to the last answer), p50/p99, errors
#   (non-200, invalid_grant, socket errors, 200 without a refresh token);
# and verifies:
#   - the server made exactly as many rotations as wrk counted 200 answers: for Signet, the store's
#     consumed refresh tokens (SQL on refresh_tokens), the successors stored, every live family with
#     exactly one current token, none revoked, and /metrics (refresh-grant tokens issued, token-route
#     200 answers) agreeing; for node, its consumed refresh tokens and saved successors
#     (/bench/stats), no grant revoked;
#   - no family lost a member: every token left in the queues at the end refreshes once more (200);
#   - rotation is real: the first token of the run, presented again, is refused (invalid_grant).
# Result lines start with RESULT; a failed check prints CHECK-FAILED and the script exits 1 at the end.
# --own-session starts Signet with setsid, as the shared peers harness does (token-load.sh has why).
# Needs wrk, curl, jq, sqlite3, psql, node and npm.
set -euo pipefail
here=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
JDK=${JAVA_HOME:-}
CRYPTO=accp
STORES="sqlite pg"
DB_URL=
SECONDS_EACH=${SECONDS_EACH:-20}
WARMUP=${WARMUP:-15}
CONCURRENCY=${CONCURRENCY:-"8 64"}
CLIENT_TYPE=public
PER_CONN=2
MINT=signin
PEER=yes
SIGNET=yes
SESSION=
THREADS=${THREADS:-2}
PORT=${PORT:-18620}
PEER_PORT=${PEER_PORT:-18621}
CLIENT_JAVA=${CLIENT_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
while [[ $# -gt 0 ]]; do
  case $1 in
    --jdk) JDK=$2; shift 2 ;;
    --provider) CRYPTO=$2; shift 2 ;;
    --stores) STORES=$2; shift 2 ;;
    --db-url) DB_URL=$2; shift 2 ;;
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --client) CLIENT_TYPE=$2; shift 2 ;;
    --families-per-connection) PER_CONN=$2; shift 2 ;;
    --mint) MINT=$2; shift 2 ;;
    --no-peer) PEER=no; shift ;;
    --peer-only) SIGNET=no; shift ;;
    --own-session) SESSION=setsid; shift ;;
    -h|--help) sed -n '2,34p' "$0"; exit 0 ;;
    *) echo "refresh-load.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $CLIENT_TYPE == public || $CLIENT_TYPE == confidential ]] || { echo "refresh-load.sh: --client public|confidential" >&2; exit 2; }
# shellcheck source=bench-config.sh
. "$here/bench-config.sh"
# shellcheck source=user-bench-config.sh
. "$here/user-bench-config.sh"
JDK=$(jdk_home "$JDK")
for tool in wrk curl jq; do
  command -v "$tool" > /dev/null || { echo "refresh-load.sh: $tool not found" >&2; exit 2; }
done
if [[ $PEER == yes ]]; then
  for tool in node npm; do command -v "$tool" > /dev/null || { echo "refresh-load.sh: $tool not found (or --no-peer)" >&2; exit 2; }; done
fi
[[ -x $CLIENT_JAVA ]] || CLIENT_JAVA=java
java=${JDK:+$JDK/bin/}java

bench_setup ES256
write_user_bench_config "$work/signet.yaml" ES256 "$CLIENT_TYPE" 4
failed=0
check() { # NAME CONDITION-TEXT: prints the check; counts a failure
  if [[ $2 == yes ]]; then echo "RESULT check $1: ok${3:+ ($3)}"; else echo "CHECK-FAILED $1${3:+: $3}"; failed=1; fi
}

echo "RESULT uptime_before=\"$(uptime | sed 's/.*load average/load average/')\""
echo "RESULT knobs=\"seconds=$SECONDS_EACH warmup=$WARMUP concurrency=$CONCURRENCY wrk_threads=$THREADS client=$CLIENT_TYPE families_per_connection=$PER_CONN\""

# ----------------------------------------------------------------------------- one wrk run
# refresh_run LABEL URL C SECONDS MINT_FN COUNT_FN: mints the families (MINT_FN N FILE), reads the
# server's counts (COUNT_FN prints "rotations=R token_200=A"), runs wrk, reads them again, checks.
refresh_run() {
  local label=$1 url=$2 c=$3 secs=$4 mint=$5 count=$6
  local t=$(( THREADS < c ? THREADS : c ))
  local n=$(( PER_CONN * c ))
  (( n < c + 2 * t )) && n=$(( c + 2 * t ))
  "$mint" "$n" "$work/tokens"
  [[ $(wc -l < "$work/tokens") -ge $n ]] || { echo "CHECK-FAILED $label: minted fewer than $n families"; failed=1; return; }
  local before after line
  before=$("$count")
  line=$(TOKENS_FILE=$work/tokens WRK_THREADS=$t CLIENT_ID=$CLIENT_ID CLIENT_SECRET=$CLIENT_SECRET RUN_S=$secs \
      LEFTOVER_FILE=$work/left DRAIN_PATH=/healthz \
      wrk -t "$t" -c "$c" -d "$(( secs + 3 ))s" --timeout 5s --latency -s "$here/refresh.lua" "$url" | grep '^RESULT')
  after=$("$count")
  grep first_error <<< "$line" || true
  line=$(grep -v first_error <<< "$line")
  echo "$line label=$label concurrency=$c families=$n"
  [[ $label == warmup* ]] && return
  local ok err rot0 rot1 a0 a1 left_n left_ok=0 tok
  ok=$(sed -E 's/.* ok200=([0-9]+).*/\1/' <<< "$line")
  err=$(sed -E 's/.* errors=([0-9]+).*/\1/' <<< "$line")
  rot0=$(sed -E 's/.*rotations=([0-9]+).*/\1/' <<< "$before"); rot1=$(sed -E 's/.*rotations=([0-9]+).*/\1/' <<< "$after")
  a0=$(sed -E 's/.*token_200=([0-9]+).*/\1/' <<< "$before"); a1=$(sed -E 's/.*token_200=([0-9]+).*/\1/' <<< "$after")
  check "$label c=$c errors" "$([[ $err == 0 ]] && echo yes || echo no)" "errors=$err"
  check "$label c=$c server rotations = answered 200s" "$([[ $(( rot1 - rot0 )) == "$ok" ]] && echo yes || echo no)" \
    "server rotations $(( rot1 - rot0 )), wrk 200 answers $ok"
  check "$label c=$c server token 200s = answered 200s" "$([[ $(( a1 - a0 )) == "$ok" ]] && echo yes || echo no)" \
    "server $(( a1 - a0 )), wrk $ok"
  if [[ -n ${extra_check:-} ]]; then "$extra_check" "$label" "$c" "$before" "$after"; fi
  # Every family still has its current member: the tokens left in the queues refresh once more.
  left_n=$(grep -c . "$work/left" || true)
  while read -r tok; do
    [[ -n $tok ]] || continue
    [[ $(refresh_once "$url" "$tok") == *'"refresh_token"'* ]] && left_ok=$(( left_ok + 1 ))
  done < "$work/left"
  check "$label c=$c no family lost" "$([[ $left_n == "$n" && $left_ok == "$n" ]] && echo yes || echo no)" \
    "$left_ok of $n families refreshed once more, $left_n tokens left in the queues"
  # Rotation is real: a token already used is refused.
  local first reuse
  first=$(head -n 1 "$work/tokens")
  reuse=$(refresh_once "$url" "$first")
  check "$label c=$c reuse refused" "$(grep -q invalid_grant <<< "$reuse" && echo yes || echo no)" "$(head -c 120 <<< "$reuse")"
}

refresh_once() { # URL TOKEN: one refresh with curl, the answer's body
  if [[ -n $CLIENT_SECRET ]]; then
    curl -s -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=refresh_token --data-urlencode "refresh_token=$2" "$1"
  else
    curl -s -d grant_type=refresh_token -d "client_id=$CLIENT_ID" --data-urlencode "refresh_token=$2" "$1"
  fi
}

# measure LABEL URL MINT_FN COUNT_FN
measure() {
  local label=$1 url=$2 mint=$3 count=$4 c
  refresh_run "warmup-$label" "$url" 64 "$WARMUP" "$mint" "$count"
  for c in $CONCURRENCY; do
    sleep 2
    refresh_run "$label" "$url" "$c" "$SECONDS_EACH" "$mint" "$count"
  done
}

rss_line() { awk '$1 == "VmHWM:" {h = int($2 / 1024)} $1 == "VmRSS:" {r = int($2 / 1024)} END {print "rss_mb=" r " rss_peak_mb=" h}' "/proc/$1/status"; }

# ----------------------------------------------------------------------------- Signet
signet_mint() { # N FILE: N sign-ins through the sign-in form, 4 at a time (or codes from the store)
  if [[ $MINT == store ]]; then
    local url=${store_url:-jdbc:sqlite:$work/data/signet.db} t0=$SECONDS
    "$java" -cp "$JAR" "$here/MintCodes.java" "$url" default "$CLIENT_ID" bench-1 "$REDIRECT_URI" "$BENCH_SCOPE" "$1" \
      > "$work/codes"
    : > "$2"
    while read -r code verifier; do
      if [[ -n $CLIENT_SECRET ]]; then
        curl -s -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=authorization_code --data-urlencode "code=$code" \
          --data-urlencode "redirect_uri=$REDIRECT_URI" --data-urlencode "code_verifier=$verifier" "$issuer/token"
      else
        curl -s -d grant_type=authorization_code -d "client_id=$CLIENT_ID" --data-urlencode "code=$code" \
          --data-urlencode "redirect_uri=$REDIRECT_URI" --data-urlencode "code_verifier=$verifier" "$issuer/token"
      fi | { grep -oE '"refresh_token" *: *"[^"]+"' || true; } | sed -E 's/.*"([^"]+)"$/\1/' >> "$2"
    done < "$work/codes"
    echo "RESULT mint: $(wc -l < "$2") codes from the store redeemed in $(( SECONDS - t0 )) s" >&2
    return
  fi
  "$CLIENT_JAVA" -cp "$work/cls" SignIns mint "$1" "$2" 4 | grep RESULT | sed 's/^RESULT /RESULT mint: /' >&2
}
# The store's own count: one SQL answer "tokens consumed revoked_families bad_families", where a bad
# family is a live (not revoked) one without exactly one unconsumed member.
STORE_SQL="SELECT (SELECT count(*) FROM refresh_tokens), (SELECT count(*) FROM refresh_tokens WHERE consumed_at IS NOT NULL),
  (SELECT count(*) FROM refresh_families WHERE revoked_at IS NOT NULL),
  (SELECT count(*) FROM (SELECT f.family_id, sum(CASE WHEN t.consumed_at IS NULL THEN 1 ELSE 0 END) AS live
     FROM refresh_families f JOIN refresh_tokens t ON t.family_id = f.family_id
     WHERE f.revoked_at IS NULL GROUP BY f.family_id) x WHERE live <> 1)"
store_query() {
  if [[ $store == pg ]]; then
    psql -At -F ' ' "$(sed -E 's|^jdbc:||; s|\?user=([^&]*)|?user=\1|' <<< "$store_url")" -c "$STORE_SQL"
  else
    sqlite3 -separator ' ' "file:$work/data/signet.db?mode=ro" "$STORE_SQL"
  fi
}
signet_counts() {
  local m s
  m=$(curl -sf "http://127.0.0.1:$PORT/metrics" | awk '
    /^signet_tokens_issued_total\{/ && /grant="refresh_token"/ { r += $NF }
    /^signet_http_server_requests_seconds_count\{/ && /route="\/tenants\/\{tenant\}\/token"/ && /status="200"/ { a += $NF }
    END { printf "issued=%d token_200=%d", r, a }')
  read -r -a s <<< "$(store_query)"
  echo "$m tokens=${s[0]} rotations=${s[1]} revoked=${s[2]} bad_families=${s[3]}"
}
signet_extra_check() { # LABEL C BEFORE AFTER: one stored successor per rotation, the metric agrees, no family revoked
  local k v0 v1
  declare -A d
  for k in tokens rotations revoked issued; do
    v0=$(sed -E "s/.*$k=([0-9]+).*/\1/" <<< "$3"); v1=$(sed -E "s/.*$k=([0-9]+).*/\1/" <<< "$4")
    d[$k]=$(( v1 - v0 ))
  done
  local bad
  bad=$(sed -E 's/.*bad_families=([0-9]+).*/\1/' <<< "$4")
  check "$1 c=$2 one stored successor per rotation" \
    "$([[ ${d[tokens]} == "${d[rotations]}" && ${d[revoked]} == 0 && $bad == 0 ]] && echo yes || echo no)" \
    "refresh tokens stored ${d[tokens]}, consumed ${d[rotations]}, families revoked ${d[revoked]}, live families without exactly one current token $bad"
  check "$1 c=$2 refresh-grant metric = rotations" "$([[ ${d[issued]} == "${d[rotations]}" ]] && echo yes || echo no)" \
    "signet_tokens_issued_total{grant=refresh_token} +${d[issued]}"
}

if [[ $SIGNET == yes ]]; then
  bench_jar
  mkdir -p "$work/cls"
  "${CLIENT_JAVA%java}javac" -d "$work/cls" "$here/SignIns.java" 2> /dev/null \
    || "$CLIENT_JAVA" -version > /dev/null  # javac beside the java; else the error shows below
  [[ -f $work/cls/SignIns.class ]] || { echo "refresh-load.sh: SignIns.java did not compile with ${CLIENT_JAVA%java}javac" >&2; exit 1; }
  echo "java: $("$java" -version 2>&1 | head -n 1); provider: $CRYPTO; signet: $(git -C "$root" rev-parse --short HEAD)"
  for store in $STORES; do
    db=()
    store_url=
    if [[ $store == pg ]]; then
      url=${DB_URL:-}
      if [[ -z $url ]]; then
        psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS signet_refresh_bench" \
          -c "CREATE DATABASE signet_refresh_bench" > /dev/null
        url="jdbc:postgresql://127.0.0.1:5432/signet_refresh_bench?user=postgres"
      fi
      db=(--db-url "$url")
      store_url=$url
    fi
    rm -rf "$work/data"
    JAVA_HOME=${JDK:-${JAVA_HOME:-}} SIGNET_JAR=$JAR $SESSION "$root/signet" server --config "$work/signet.yaml" \
        --port "$PORT" --data "$work/data" --crypto-provider "$CRYPTO" ${db[@]+"${db[@]}"} \
        >> "$work/out.log" 2>> "$work/err.log" &
    pid=$!
    until curl -sf "http://127.0.0.1:$PORT/readyz" > /dev/null 2>&1; do
      kill -0 "$pid" 2> /dev/null || { cat "$work/err.log" >&2; exit 1; }
      sleep 0.05
    done
    issuer="http://127.0.0.1:$PORT/tenants/default"
    user_bench_env "$issuer"
    signet_mint 1 "$work/one"
    answer=$(refresh_once "$issuer/token" "$(head -n 1 "$work/one")")
    echo "RESULT signet_${store}_answer_fields=$(jq -c 'keys' <<< "$answer" 2> /dev/null || echo "\"$answer\"")"
    grep -q '"refresh_token"' <<< "$answer" || { echo "refresh-load.sh: a single refresh failed: $answer" >&2; cat "$work/err.log" >&2; exit 1; }
    extra_check=signet_extra_check measure "signet-$store" "$issuer/token" signet_mint signet_counts
    echo "RESULT signet-$store $(rss_line "$(pgrep -P "$pid" java || echo "$pid")")"
    stop_server
  done
fi

# ----------------------------------------------------------------------------- node-oidc-provider
peer_mint() { curl -sf -X POST "http://127.0.0.1:$PEER_PORT/bench/mint?n=$1" > "$2"; }
peer_counts() {
  curl -sf "http://127.0.0.1:$PEER_PORT/bench/stats" \
    | jq -r '"rotations=\(.consumed) token_200=\(.success) saved=\(.saved) minted=\(.minted) revoked=\(.revoked)"'
}
peer_extra_check() { # LABEL C BEFORE AFTER: successors saved = rotations (none doubled), no grant revoked
  local s0 s1 m0 m1 r0 r1 v0 v1
  s0=$(sed -E 's/.*saved=([0-9]+).*/\1/' <<< "$3"); s1=$(sed -E 's/.*saved=([0-9]+).*/\1/' <<< "$4")
  m0=$(sed -E 's/.*minted=([0-9]+).*/\1/' <<< "$3"); m1=$(sed -E 's/.*minted=([0-9]+).*/\1/' <<< "$4")
  r0=$(sed -E 's/.*rotations=([0-9]+).*/\1/' <<< "$3"); r1=$(sed -E 's/.*rotations=([0-9]+).*/\1/' <<< "$4")
  v0=$(sed -E 's/.*revoked=([0-9]+).*/\1/' <<< "$3"); v1=$(sed -E 's/.*revoked=([0-9]+).*/\1/' <<< "$4")
  check "$1 c=$2 one successor per rotation" \
    "$([[ $(( s1 - s0 - (m1 - m0) )) == $(( r1 - r0 )) && $v1 == "$v0" ]] && echo yes || echo no)" \
    "successors saved $(( s1 - s0 - (m1 - m0) )), rotations $(( r1 - r0 )), grants revoked $(( v1 - v0 ))"
}

if [[ $PEER == yes ]]; then
  mkdir "$work/peer"
  (cd "$work/peer" && echo '{ "name": "bench-peer", "private": true, "type": "module" }' > package.json \
    && npm install --no-audit --no-fund --loglevel=error oidc-provider@9 > /dev/null 2>&1) \
    || { echo "refresh-load.sh: npm install oidc-provider@9 failed" >&2; exit 1; }
  cp "$here/peer-node-refresh.mjs" "$work/peer/server.mjs"
  echo "RESULT peer=\"oidc-provider $(cd "$work/peer" && node -p "require('oidc-provider/package.json').version") on node $(node --version), in-memory adapter\""
  (cd "$work/peer" && NODE_ENV=production PORT=$PEER_PORT CLIENT_ID=$CLIENT_ID CLIENT_SECRET=$CLIENT_SECRET \
     exec node server.mjs > "$work/node.log" 2>&1) &
  pid=$!
  until curl -sf "http://127.0.0.1:$PEER_PORT/healthz" > /dev/null 2>&1; do
    kill -0 "$pid" 2> /dev/null || { cat "$work/node.log" >&2; exit 1; }
    sleep 0.05
  done
  peer_mint 1 "$work/one"
  answer=$(refresh_once "http://127.0.0.1:$PEER_PORT/token" "$(head -n 1 "$work/one")")
  echo "RESULT node_answer_fields=$(jq -c 'keys' <<< "$answer" 2> /dev/null || echo "\"$answer\"")"
  grep -q '"refresh_token"' <<< "$answer" || { echo "refresh-load.sh: a single refresh at the peer failed: $answer" >&2; exit 1; }
  extra_check=peer_extra_check measure node "http://127.0.0.1:$PEER_PORT/token" peer_mint peer_counts
  echo "RESULT node $(rss_line "$pid")"
  stop_server
fi
echo "RESULT uptime_after=\"$(uptime | sed 's/.*load average/load average/')\""
exit "$failed"
