#!/usr/bin/env bash
# Interleaved start-up comparison of two checkouts of Signet (the goal: ready in under 1 s):
#
#   signet-server/bench/startup-ab.sh BEFORE_ROOT AFTER_ROOT [ROUNDS]
#
# Each root must hold a built signet-cli/target/signet.jar (and its own ./signet launcher, which
# builds its CDS archive on first use). Per round, each checkout starts `signet server` (ES256
# tenant, ACCP, one temporary embedded-store data folder per checkout, so every start after the first is a
# restart, and two versions with different schemas can be compared) and the time from launch to the first ready /readyz (polled every 5 ms) and the
# process's CPU time at that moment are taken; the two checkouts alternate, so a change in the
# machine's load hits both. Prints both lists sorted, as ms_wall/ms_cpu.
set -euo pipefail
before=$(cd "$1" && pwd)
after=$(cd "$2" && pwd)
rounds=${3:-8}
port=${PORT:-18490}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench-config.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/bench-config.sh"
write_bench_config "$work/signet.yaml" ES256
one() {
  local root=$1 data=$2 t0 pid ms cpu
  t0=$(date +%s%N)
  SIGNET_JAR=$root/signet-cli/target/signet.jar "$root/signet" server --config "$work/signet.yaml" \
      --port "$port" --data "$work/$data" --crypto-provider accp > "$work/out.log" 2>&1 &
  pid=$!
  for _ in $(seq 6000); do
    curl -sf "http://127.0.0.1:$port/readyz" > /dev/null 2>&1 && break
    kill -0 "$pid" 2> /dev/null || { cat "$work/out.log" >&2; exit 1; }
    sleep 0.005
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  cpu=$(awk '{print ($14 + $15) * 1000 / '"$(getconf CLK_TCK)"'}' "/proc/$pid/stat" 2> /dev/null || echo '?')
  kill "$pid"; wait "$pid" 2> /dev/null || true
  echo "$ms/$cpu"
}
# One unmeasured start each: first boot (schema, keys) and the launchers' CDS archives.
one "$before" data-before > /dev/null
one "$after" data-after > /dev/null
a=(); b=()
for _ in $(seq "$rounds"); do
  a+=("$(one "$before" data-before)")
  b+=("$(one "$after" data-after)")
done
echo "RESULT uptime=\"$(uptime | sed 's/.*load average/load average/')\""
echo "RESULT before ready_ms/cpu_ms: $(printf '%s\n' "${a[@]}" | sort -n | tr '\n' ' ')"
echo "RESULT after  ready_ms/cpu_ms: $(printf '%s\n' "${b[@]}" | sort -n | tr '\n' ' ')"
