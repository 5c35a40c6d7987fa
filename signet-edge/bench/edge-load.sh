#!/usr/bin/env bash
# Load run of signet edge behind nginx, beside nginx proxying the same upstream without auth, in
# the same sitting: wrk at C connections (default 64) for RUN_S seconds (default 30) against each.
#
#   signet-edge/bench/edge-load.sh            # RUN_S=30 C=64 T=2
#   RUN_S=5 signet-edge/bench/edge-load.sh    # a short trial
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 signet-edge/bench/edge-load.sh   # virtual threads
#
# Needs nginx (/usr/sbin/nginx), wrk and curl. The upstream is an nginx server block answering
# "ok" (it also serves the issuer's metadata and JWK Set from files), so both gateways front the
# same, nearly free upstream and the difference is the cost of the auth_request round trip. The
# token is an ES256 access token made with `signet sign`; the edge verifies it once and then
# answers from its verified-token cache, as it would for a client reusing its token.
set -euo pipefail
root=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
RUN_S=${RUN_S:-30}
C=${C:-64}
T=${T:-2}
NGINX=${NGINX:-/usr/sbin/nginx}
base_port=${BASE_PORT:-18480}
gw_auth=$base_port
gw_plain=$((base_port + 1))
upstream=$((base_port + 2))
edge=$((base_port + 3))

for tool in "$NGINX" wrk curl; do
  command -v "$tool" >/dev/null || { echo "edge-load: $tool not found" >&2; exit 2; }
done

work=$(mktemp -d)
# nginx's workers (user nobody when started as root) read the issuer's files from here.
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

issuer="http://127.0.0.1:$upstream/tenants/bench"
"$root/signet" keygen --alg ES256 --kid bench-1 --out "$work/key.jwk" --public-out "$work/pub.jwk"
printf '{"keys":[%s]}' "$(cat "$work/pub.jwk")" > "$work/jwks.json"
printf '{"issuer":"%s","jwks_uri":"%s/jwks","id_token_signing_alg_values_supported":["ES256"]}' \
  "$issuer" "$issuer" > "$work/metadata.json"
chmod 644 "$work/jwks.json" "$work/metadata.json"
token=$("$root/signet" sign --key "$work/key.jwk" --typ at+jwt --iss "$issuer" --sub bench --aud orders-api \
  --exp 2h --claim scope=orders.read --claim client_id=bench)

cat > "$work/edge.yaml" <<YAML
listen: 127.0.0.1:$edge
issuers:
  - issuer: $issuer
    audiences: [orders-api]
routes:
  - match: { path: /public/** }
    anonymous: true
  - match: { path: /orders/**, methods: [GET] }
    require: { scopes: [orders.read] }
forward:
  X-Auth-Subject: sub
  X-Auth-Client: client_id
  X-Auth-Scopes: scope
YAML

cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/client_body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    upstream signet_edge { server 127.0.0.1:$edge; keepalive 64; }
    upstream api { server 127.0.0.1:$upstream; keepalive 64; }

    # The upstream, and the issuer's files.
    server {
        listen 127.0.0.1:$upstream;
        location = /tenants/bench/.well-known/openid-configuration { default_type application/json; alias $work/metadata.json; }
        location = /tenants/bench/jwks { default_type application/json; alias $work/jwks.json; }
        location / { default_type text/plain; return 200 "ok\n"; }
    }

    # nginx + signet edge (the configuration of docs/edge.md).
    server {
        listen 127.0.0.1:$gw_auth;
        location = /_signet_edge {
            internal;
            proxy_pass http://signet_edge/;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header X-Forwarded-Method \$request_method;
            proxy_set_header X-Forwarded-Uri \$request_uri;
            proxy_set_header X-Forwarded-Host \$host;
        }
        location @signet_forbidden {
            internal;
            add_header WWW-Authenticate \$signet_www_authenticate always;
            add_header Cache-Control no-store always;
            return 403;
        }
        location / {
            auth_request /_signet_edge;
            auth_request_set \$signet_www_authenticate \$upstream_http_www_authenticate;
            error_page 403 = @signet_forbidden;
            auth_request_set \$auth_subject \$upstream_http_x_auth_subject;
            auth_request_set \$auth_client \$upstream_http_x_auth_client;
            auth_request_set \$auth_scopes \$upstream_http_x_auth_scopes;
            proxy_set_header X-Auth-Subject \$auth_subject;
            proxy_set_header X-Auth-Client \$auth_client;
            proxy_set_header X-Auth-Scopes \$auth_scopes;
            proxy_pass http://api;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
        }
    }

    # nginx alone, proxying the same upstream.
    server {
        listen 127.0.0.1:$gw_plain;
        location / {
            proxy_pass http://api;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
        }
    }
}
NGINX

"$NGINX" -p "$work" -e "$work/error.log" -c "$work/nginx.conf" > "$work/nginx.out" 2>&1 &
pids+=($!)
"$root/signet" edge --config "$work/edge.yaml" > "$work/edge.out" 2>&1 &
pids+=($!)

ready=no
for _ in $(seq 600); do
  if curl -sf "http://127.0.0.1:$edge/readyz" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$gw_plain/" >/dev/null 2>&1; then
    ready=yes
    break
  fi
  sleep 0.1
done
if [[ $ready != yes ]]; then
  echo "edge-load: nginx or the edge did not come up" >&2
  cat "$work/nginx.out" "$work/error.log" "$work/edge.out" >&2 2>/dev/null || true
  exit 1
fi
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$gw_auth/orders/1")
denied=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$gw_auth/orders/1")
if [[ $status != 200 || $denied != 401 ]]; then
  echo "edge-load: expected 200 with the token and 401 without, got $status and $denied" >&2
  cat "$work/edge.out" "$work/error.log" >&2
  exit 1
fi

head -n 1 "$work/edge.out"
echo "wrk -t$T -c$C -d${RUN_S}s, $(nproc) cores, $("$NGINX" -v 2>&1), $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -n 1)"

# Warm-up: the JIT, keep-alive pools, the verified-token cache.
wrk -t"$T" -c"$C" -d"$(( RUN_S < 10 ? RUN_S : 10 ))s" -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$gw_auth/orders/1" >/dev/null
wrk -t"$T" -c"$C" -d3s "http://127.0.0.1:$gw_plain/orders/1" >/dev/null

run() { # name url [header]
  local out
  if [[ -n ${3:-} ]]; then
    out=$(wrk -t"$T" -c"$C" -d"${RUN_S}s" --latency -H "$3" "$2")
  else
    out=$(wrk -t"$T" -c"$C" -d"${RUN_S}s" --latency "$2")
  fi
  local rps p99 non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<< "$out")
  printf '| %s | %s | %s | %s |\n' "$1" "$rps" "$p99" "${non2xx:-0}"
  echo "$rps" > "$work/$1.rps"
}

echo
echo "| gateway | requests/s | p99 | non-2xx |"
echo "|---|---|---|---|"
run "nginx alone" "http://127.0.0.1:$gw_plain/orders/1"
run "nginx + signet edge" "http://127.0.0.1:$gw_auth/orders/1" "Authorization: Bearer $token"
awk -v a="$(cat "$work/nginx + signet edge.rps")" -v b="$(cat "$work/nginx alone.rps")" \
  'BEGIN { printf "\nratio (with edge / alone): %.2f\n", a / b }'
