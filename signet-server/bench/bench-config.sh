# Sourced by the server benchmarks (token-load.sh, startup-ab.sh): the one configuration they run.
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
