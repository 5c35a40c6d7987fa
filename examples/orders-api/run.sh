#!/usr/bin/env bash
# Builds the example (and the modules it needs) and runs it: ORDERS_ISSUER=<issuer> examples/orders-api/run.sh
set -euo pipefail
here="$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
if [[ -z ${ORDERS_ISSUER:-} ]]; then
  echo "set ORDERS_ISSUER to the issuer whose tokens the API accepts, e.g. http://127.0.0.1:8080/tenants/default" >&2
  exit 2
fi
(cd "$root" && ./mvnw -q -B -Dsignet.fast -DskipTests -pl examples/orders-api -am package)
exec java -cp "$here/target/orders-api-0.1.0-SNAPSHOT.jar:$(cat "$here/target/classpath.txt")" \
  dev.signet.examples.orders.OrdersApi
