# Sourced by the server benchmarks (token-load.sh, startup-ab.sh, peer-node-oidc.sh): the one
# configuration they run, and the temporary folder and process clean-up two of them share.
#   bench_setup ALG               makes the temporary folder $work, removed on exit after the process
#                                 $pid (if any) is stopped, and writes $work/signet.yaml for ALG
#   stop_server                   stops the process $pid and waits for it
#   jdk_home 17|25|PATH           the JDK folder for --jdk: this machine's JDK 17 or 25, or PATH
#   write_bench_config FILE ALG   writes a signet.yaml with tenant `default` signing with ALG and one
#                                 client_secret_basic client, `load-client`, whose secret it generates
#                                 and exports as CLIENT_SECRET (with CLIENT_ID for wrk's script).
write_bench_config() {
  CLIENT_ID=load-client
  CLIENT_SECRET=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
  export CLIENT_ID CLIENT_SECRET
  cat > "$1" <<YAML
tenants:
  - name: default
    algorithm: $2
    clients:
      - id: load-client
        secret-env: CLIENT_SECRET
        scopes: [orders.read]
        audiences: [orders-api]
YAML
}

stop_server() {
  if [[ -n ${pid:-} ]]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=
  fi
}

bench_setup() {
  work=$(mktemp -d)
  pid=
  trap 'stop_server; rm -rf "$work"' EXIT
  write_bench_config "$work/signet.yaml" "$1"
}

jdk_home() {
  case $1 in
    17) echo /usr/lib/jvm/java-17-openjdk-amd64 ;;
    25) echo /usr/lib/jvm/temurin-25-jdk-amd64 ;;
    *) echo "$1" ;;
  esac
}
