# Sourced by the server benchmarks (token-load.sh, startup-ab.sh, peer-node-oidc.sh, the attack
# scripts): the one configuration they run, the temporary folder and process clean-up, and the
# build and start of the server under test.
#   bench_setup ALG               makes the temporary folder $work, removed on exit after the process
#                                 $pid (if any) is stopped, and writes $work/signet.yaml for ALG
#   stop_server                   stops the process $pid and waits for it
#   jdk_home 17|25|PATH           the JDK folder for --jdk: this machine's JDK 17 or 25, or PATH
#   bench_jar                     sets $JAR, when empty, to signet-cli's jar, built now with $JDK
#   start_signet PORT [ARGS...]   starts `signet server` from $JAR on $JDK with $work/signet.yaml and
#                                 $work/data (output in $work/out.log, err.log), sets $pid, waits for
#                                 /readyz (exits with the server's stderr if it dies first)
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

bench_jar() {
  if [[ -z ${JAR:-} ]]; then
    (cd "$root" && JAVA_HOME=${JDK:-${JAVA_HOME:-}} ./mvnw -q -B -DskipTests -Dsignet.fast -pl signet-cli -am package) >&2
    JAR=$root/signet-cli/target/signet.jar
  fi
}

start_signet() {
  local port=$1
  shift
  JAVA_HOME=${JDK:-${JAVA_HOME:-}} SIGNET_JAR=$JAR "$root/signet" server --config "$work/signet.yaml" \
      --port "$port" --data "$work/data" "$@" >> "$work/out.log" 2>> "$work/err.log" &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/err.log" >&2; exit 1; }
    sleep 0.05
  done
}
