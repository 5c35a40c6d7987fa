#!/usr/bin/env bash
# Password sign-ins end to end, the Argon2id bound under them, and a wrong-password flood beside a
# normal user (results: docs/benchmarks.md).
#
#   signet-server/bench/signin-load.sh [--jdk 17|25|PATH] [--provider accp|jdk] [--db-url URL]
#       [--seconds N] [--workers "2 8"] [--attackers N] [--argon2 "19456 2 1"] [--no-flood] [--no-bound]
#
# Builds the jar and starts `signet server` (ES256 tenant `default`, one public client
# `refresh-client` with the authorization_code and refresh_token grants, one user per worker plus a
# victim account, the server's default Argon2id parameters) on a fresh embedded SQLite store (or
# --db-url), and reports (lines starting with RESULT):
#   - sign-ins/s with N concurrent workers for each N of --workers (SignIns.java load): every
#     sign-in is GET authorize, the sign-in form posted (username, password, csrf_token), consent
#     approved the first time, redirects followed to the redirect URI, the code exchanged with its
#     PKCE verifier; p50/p99/max of one whole sign-in, failures by step; after a 5-s warm-up;
#   - the flood (SignIns.java flood): one user signing in alone from 127.0.0.3 for --seconds, then
#     for --seconds while --attackers workers post wrong passwords, for one account from 127.0.0.2
#     (`account`) and then for unknown usernames from 127.0.0.4 (`ip`): the normal user's
#     latency in both phases, the attackers' attempts/s, their answers' status codes and latency;
#     before it, the attackers alone for --seconds and the server's CPU time per attempt (throttling
#     answers before the password is hashed: far below one hash, see the bound);
#   - with the server stopped, the bound: Argon2id hashes/s and ms per hash with Bouncy Castle at
#     --argon2 "MEMORY_KIB ITERATIONS PARALLELISM" (default the server's 19456 2 1) on 1 and 2
#     threads (Argon2Cost.java).
# Needs curl; SignIns.java runs on CLIENT_JAVA (default JDK 25: it binds 127.0.0.2/3 as its source).
set -euo pipefail
here=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
JDK=${JAVA_HOME:-}
CRYPTO=accp
DB_URL=
SECONDS_EACH=${SECONDS_EACH:-20}
WORKERS=${WORKERS:-"2 8"}
ATTACKERS=16
ARGON2="19456 2 1"
FLOOD=yes
BOUND=yes
PORT=${PORT:-18630}
CLIENT_JAVA=${CLIENT_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
while [[ $# -gt 0 ]]; do
  case $1 in
    --jdk) JDK=$2; shift 2 ;;
    --provider) CRYPTO=$2; shift 2 ;;
    --db-url) DB_URL=$2; shift 2 ;;
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --workers) WORKERS=$2; shift 2 ;;
    --attackers) ATTACKERS=$2; shift 2 ;;
    --argon2) ARGON2=$2; shift 2 ;;
    --no-flood) FLOOD=no; shift ;;
    --no-bound) BOUND=no; shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "signin-load.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench-config.sh
. "$here/bench-config.sh"
# shellcheck source=user-bench-config.sh
. "$here/user-bench-config.sh"
JDK=$(jdk_home "$JDK")
command -v curl > /dev/null || { echo "signin-load.sh: curl not found" >&2; exit 2; }
java=${JDK:+$JDK/bin/}java
max_workers=$(tr ' ' '\n' <<< "$WORKERS" | sort -n | tail -n 1)

bench_setup ES256
# users bench-1 … bench-N: worker i signs in as bench-(i+1); the last one is the flood's victim
write_user_bench_config "$work/signet.yaml" ES256 public "$(( max_workers + 1 ))"
bench_jar
mkdir -p "$work/cls"
"${CLIENT_JAVA%java}javac" -d "$work/cls" "$here/SignIns.java"
echo "RESULT uptime_before=\"$(uptime | sed 's/.*load average/load average/')\""
echo "java: $("$java" -version 2>&1 | head -n 1); provider: $CRYPTO; database: ${DB_URL:-embedded SQLite}; signet: $(git -C "$root" rev-parse --short HEAD)"

start_signet "$PORT" --crypto-provider "$CRYPTO" ${DB_URL:+--db-url "$DB_URL"}
user_bench_env "http://127.0.0.1:$PORT/tenants/default"
all_users=$SIGNIN_USERS
victim=bench-$(( max_workers + 1 ))
signins() { "$CLIENT_JAVA" -cp "$work/cls" SignIns "$@"; }
cpu_ticks() { sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}'; }

# Warm-up: the first sign-in of every user also answers the consent page once.
SIGNIN_USERS=${all_users%,"$victim"} signins load "$max_workers" 5 | sed 's/^RESULT /RESULT warmup: /'
for w in $WORKERS; do
  sleep 2
  SIGNIN_USERS=${all_users%,"$victim"} signins load "$w" "$SECONDS_EACH"
done

if [[ $FLOOD == yes ]]; then
  for mode in account ip; do
    sleep 2
    # The attackers alone: the server's CPU time per wrong-password attempt.
    c0=$(cpu_ticks)
    export SIGNIN_ATTACKER_ADDRESS=127.0.0.$([[ $mode == account ]] && echo 2 || echo 4)
    out=$(SIGNIN_USERS=bench-1 SIGNIN_VICTIM=$victim signins attack "$mode" "$ATTACKERS" "$SECONDS_EACH")
    c1=$(cpu_ticks)
    echo "$out"
    attempts=$(sed -E 's/.* attempts_ok=([0-9]+).*/\1/' <<< "$out")
    awk -v t=$(( c1 - c0 )) -v hz="$(getconf CLK_TCK)" -v a="${attempts:-0}" -v m="$mode" 'BEGIN {
      printf "RESULT attack=%s server_cpu_s=%.2f server_cpu_ms_per_attempt=%.2f\n", m, t / hz, a ? 1000 * t / hz / a : 0 }'
    # A normal user alone, then beside the attackers.
    SIGNIN_USERS=bench-1 SIGNIN_VICTIM=$victim signins flood "$mode" "$ATTACKERS" "$SECONDS_EACH" \
      | sed "s/^RESULT /RESULT flood=$mode /"
  done
fi
echo "RESULT rss_peak_mb=$(awk '$1 == "VmHWM:" {print int($2 / 1024)}' "/proc/$pid/status")"
stop_server

if [[ $BOUND == yes ]]; then
  cp_bc=$JAR
  unzip -l "$JAR" 2> /dev/null | grep -q 'org/bouncycastle/crypto/generators/Argon2BytesGenerator' \
    || cp_bc=$(find ~/.m2/repository/org/bouncycastle/bcprov-jdk18on -name 'bcprov-jdk18on-*.jar' | sort -V | tail -n 1)
  # shellcheck disable=SC2086
  "$java" -cp "$cp_bc" "$here/Argon2Cost.java" $ARGON2 5
fi
echo "RESULT uptime_after=\"$(uptime | sed 's/.*load average/load average/')\""
