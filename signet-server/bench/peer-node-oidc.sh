#!/usr/bin/env bash
# A peer measured on the same machine, in the same sitting, so results can be given as ratios
# (the figures quoted for node-oidc-provider 9 on its reference machine: ready in 0.7 s, ≈ 3,800 ES256
# tokens/s at concurrency 32, ≈ 146 MB):
#
#   signet-server/bench/peer-node-oidc.sh [--jdk 17|25|PATH] [--rounds N] [--seconds N]
#
# Installs oidc-provider 9 from the npm registry into a temporary folder (needs node, npm, wrk and
# curl) and runs it as one Node process with one client_credentials client (client_secret_basic)
# whose access tokens are ES256 JWTs, keys generated at start, in-memory storage (its development
# adapter). Then:
#   - start-up, interleaved with this checkout's `signet server` (ES256 tenant, ACCP, a restart of
#     one H2 data folder): launch to the first 200 of node's discovery document and to signet's
#     first ready /readyz, N rounds each, alternating; both lists sorted and their medians;
#   - node's tokens/s at c=64 with token-post.lua (wrk -t 2), after a 10-s warm-up, with p50/p99,
#     non-200 answers and its RSS sampled once a second (signet's own: token-load.sh).
# Result lines start with RESULT.
set -euo pipefail
here=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
JDK=${JAVA_HOME:-}
ROUNDS=8
SECONDS_EACH=20
PORT=${PORT:-18600}
while [[ $# -gt 0 ]]; do
  case $1 in
    --jdk) JDK=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "peer-node-oidc.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench-config.sh
. "$here/bench-config.sh"
JDK=$(jdk_home "$JDK")
for tool in node npm wrk curl; do
  command -v "$tool" > /dev/null || { echo "peer-node-oidc.sh: $tool not found" >&2; exit 2; }
done

bench_setup ES256

mkdir "$work/peer"
(cd "$work/peer" && npm init -y > /dev/null && npm install --no-audit --no-fund oidc-provider@9 > /dev/null 2>&1) \
  || { echo "peer-node-oidc.sh: npm install oidc-provider@9 failed" >&2; exit 1; }
cat > "$work/peer/server.mjs" <<'JS'
import Provider from 'oidc-provider';
import { generateKeyPairSync } from 'node:crypto';
const port = Number(process.env.PORT);
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'ES256' };
const audience = 'https://orders-api.example';
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: process.env.CLIENT_ID, client_secret: process.env.CLIENT_SECRET,
    grant_types: ['client_credentials'], redirect_uris: [], response_types: [],
    id_token_signed_response_alg: 'ES256',
  }],
  features: {
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'orders.read', audience, accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'ES256' } } }),
    },
  },
  jwks: { keys: [jwk] },
  scopes: ['orders.read'],
});
provider.listen(port);
JS
echo "RESULT peer=\"oidc-provider $(cd "$work/peer" && node -p "require('oidc-provider/package.json').version") on node $(node --version)\""

jar=$root/signet-cli/target/signet.jar
(cd "$root" && ./mvnw -q -B -DskipTests -Dsignet.fast -pl signet-cli -am package) >&2
start_signet() {
  JAVA_HOME=${JDK:-${JAVA_HOME:-}} SIGNET_JAR=$jar "$root/signet" server --config "$work/signet.yaml" \
      --port "$PORT" --data "$work/data" --crypto-provider accp > "$work/signet.log" 2>&1 &
  pid=$!
}
start_node() {
  (cd "$work/peer" && PORT=$PORT exec node server.mjs > "$work/node.log" 2>&1) &
  pid=$!
}
# Launch to the first successful answer of $2, in ms.
time_ready() {
  local t0
  t0=$(date +%s%N)
  "$1"
  for _ in $(seq 6000); do
    curl -sf "http://127.0.0.1:$PORT$2" > /dev/null 2>&1 && break
    kill -0 "$pid" 2> /dev/null || { cat "$work"/*.log >&2; exit 1; }
    sleep 0.005
  done
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
  stop_server
}
# Unmeasured: signet's first boot (schema, keys) and its launcher's CDS archive; node's first load.
time_ready start_signet /readyz > /dev/null
time_ready start_node /.well-known/openid-configuration > /dev/null
n=(); s=()
for _ in $(seq "$ROUNDS"); do
  n+=("$(time_ready start_node /.well-known/openid-configuration)")
  s+=("$(time_ready start_signet /readyz)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
echo "RESULT uptime=\"$(uptime | sed 's/.*load average/load average/')\""
echo "RESULT node_ready_ms: $(printf '%s\n' "${n[@]}" | sort -n | tr '\n' ' ')(median $(median "${n[@]}"))"
echo "RESULT signet_ready_ms: $(printf '%s\n' "${s[@]}" | sort -n | tr '\n' ' ')(median $(median "${s[@]}"))"
awk -v a="$(median "${s[@]}")" -v b="$(median "${n[@]}")" \
  'BEGIN { printf "RESULT ready_ratio signet/node=%.2f\n", a / b }'

start_node
until curl -sf "http://127.0.0.1:$PORT/.well-known/openid-configuration" > /dev/null 2>&1; do sleep 0.01; done
url=http://127.0.0.1:$PORT/token
curl -sf -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials -d scope=orders.read "$url" > /dev/null \
  || { echo "peer-node-oidc.sh: a single token request to the peer failed" >&2; cat "$work/node.log" >&2; exit 1; }
node_pid=$(pgrep -P "$pid" node || echo "$pid")
wrk -t 2 -c 64 -d 10s -s "$here/token-post.lua" "$url" > /dev/null
( while kill -0 "$node_pid" 2> /dev/null; do
    awk '$1 == "VmRSS:" {print int($2 / 1024)}' "/proc/$node_pid/status"; sleep 1
  done ) > "$work/rss" &
sampler=$!
line=$(wrk -t 2 -c 64 -d "${SECONDS_EACH}s" --latency -s "$here/token-post.lua" "$url" | grep RESULT)
kill "$sampler" 2> /dev/null || true
wait "$sampler" 2> /dev/null || true
during=$(sort -n "$work/rss" | awk '{v[NR] = $1} END {if (NR) printf "%d/%d/%d", v[1], v[int((NR + 1) / 2)], v[NR]}')
echo "$line concurrency=64 peer=node-oidc-provider rss_mb_during_min/median/max=$during"
stop_server
