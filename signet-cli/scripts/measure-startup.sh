#!/usr/bin/env bash
# Measures the wall time of one `signet verify` from process start to exit, for each start-up
# configuration, interleaved round by round so that a change in machine load hits every variant
# alike. Prints, in milliseconds, the quartiles of the wall time and the median CPU time (user +
# system, which other processes on a busy machine disturb less than the wall time).
#   usage: signet-cli/scripts/measure-startup.sh [ROUNDS]   (default 20)
set -euo pipefail
rounds=${1:-20}
root=$(cd "$(dirname "$0")/../.." && pwd)
jar=$root/signet-cli/target/signet.jar
jsa=$root/signet-cli/target/signet.jsa
# The launcher rebuilds the jar if a source changed, and the archive if the jar or JVM changed.
"$root/signet" version > /dev/null
# An archive that does not match the jar would be ignored silently under -Xshare:auto, and the
# "appcds" rows would measure nothing; -Xshare:on fails instead.
java -XX:SharedArchiveFile="$jsa" -Xshare:on -jar "$jar" --version > /dev/null \
  || { echo "the archive $jsa does not load with $jar" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
java -jar "$jar" keygen --alg ES256 --out k.jwk --public-out k.pub.jwk 2>/dev/null
java -jar "$jar" sign --key k.jwk --iss https://auth.example.com --aud api --exp 1d > t.txt
verify=(verify --key k.pub.jwk --iss https://auth.example.com --aud api @t.txt)

names=("jdk" "accp-auto" "jdk+appcds" "accp-auto+appcds" "./signet (launcher)")
run_variant() {
  case $1 in
    0) java -jar "$jar" --crypto-provider jdk "${verify[@]}" ;;
    1) java -jar "$jar" "${verify[@]}" ;;
    2) java -XX:SharedArchiveFile="$jsa" -Xshare:auto -jar "$jar" --crypto-provider jdk "${verify[@]}" ;;
    3) java -XX:SharedArchiveFile="$jsa" -Xshare:auto -jar "$jar" "${verify[@]}" ;;
    4) "$root/signet" "${verify[@]}" ;;
  esac
}
for v in "${!names[@]}"; do run_variant "$v" > /dev/null; done   # warm the page cache
TIMEFORMAT='%3R %3U %3S'
for ((r = 0; r < rounds; r++)); do
  for v in "${!names[@]}"; do
    t=$( { time run_variant "$v" > /dev/null 2>&1; } 2>&1 )
    read -r real user sys <<< "$t"
    awk -v v="$v" -v r="$real" -v u="$user" -v s="$sys" 'BEGIN { printf "%s %d %d\n", v, r * 1000, (u + s) * 1000 }' >> times.txt
  done
done
echo "signet verify start-up, $rounds interleaved rounds, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %9s %9s %9s %11s\n' variant wall_p25 wall_med wall_p75 cpu_median
for v in "${!names[@]}"; do
  cpu=$(awk -v v="$v" '$1 == v { print $3 }' times.txt | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')
  awk -v v="$v" '$1 == v { print $2 }' times.txt | sort -n | awk -v name="${names[$v]}" -v cpu="$cpu" '
    { t[NR] = $1 } END { printf "%-22s %9d %9d %9d %11d\n", name, t[int((NR + 3) / 4)], t[int((NR + 1) / 2)], t[int((3 * NR + 3) / 4)], cpu }'
done
