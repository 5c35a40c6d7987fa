# Sourced by the benchmarks of people's sign-ins and their tokens (refresh-load.sh, signin-load.sh),
# after bench-config.sh:
#   write_user_bench_config FILE ALG TYPE USERS
#       writes a signet.yaml with tenant `default` signing with ALG, one client `refresh-client` of
#       TYPE public (PKCE, client_id only) or confidential (client_secret_basic) with the
#       authorization_code and refresh_token grants, and USERS users bench-1 … bench-USERS sharing
#       one generated password. Exports BENCH_PASSWORD, CLIENT_ID, CLIENT_SECRET (empty for a
#       public client) and SIGNIN_USERS (the usernames, comma-separated) for the clients.
#   user_bench_env ISSUER
#       exports what SignIns.java reads (SIGNIN_ISSUER, SIGNIN_CLIENT_ID, ...).
REDIRECT_URI=http://127.0.0.1:5173/callback
BENCH_SCOPE="openid offline_access orders.read"

write_user_bench_config() {
  local file=$1 alg=$2 type=$3 users=$4 i
  CLIENT_ID=refresh-client
  CLIENT_SECRET=
  [[ $type == confidential ]] && CLIENT_SECRET=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
  BENCH_PASSWORD=bench-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
  SIGNIN_USERS=$(seq -f 'bench-%g' 1 "$users" | paste -sd, -)
  export CLIENT_ID CLIENT_SECRET BENCH_PASSWORD SIGNIN_USERS
  {
    cat <<YAML
tenants:
  - name: default
    algorithm: $alg
    clients:
      - id: $CLIENT_ID
YAML
    if [[ $type == confidential ]]; then
      echo "        secret-env: CLIENT_SECRET"
      echo "        auth-method: client_secret_basic"
    else
      echo "        type: public"
    fi
    cat <<YAML
        grants: [authorization_code, refresh_token]
        redirect-uris: [$REDIRECT_URI]
        scopes: [openid, offline_access, orders.read]
        audiences: [orders-api]
    users:
YAML
    for ((i = 1; i <= users; i++)); do
      echo "      - username: bench-$i"
      echo "        password-env: BENCH_PASSWORD"
    done
  } > "$file"
}

user_bench_env() {
  export SIGNIN_ISSUER=$1 SIGNIN_CLIENT_ID=$CLIENT_ID SIGNIN_CLIENT_SECRET=$CLIENT_SECRET \
    SIGNIN_REDIRECT_URI=$REDIRECT_URI SIGNIN_SCOPE=$BENCH_SCOPE SIGNIN_PASSWORD=$BENCH_PASSWORD
}
