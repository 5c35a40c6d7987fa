#!/usr/bin/env bash
# How fast a key revoked on one server node stops being used by another on the same PostgreSQL
# (LISTEN/NOTIFY), with keys.check-interval at its default of 30 s: runs the two-node test with
# N revocations (default 20) and prints the delays it measured.
#   signet-server/bench/revocation-propagation.sh [N]
# Needs PostgreSQL at SIGNET_TEST_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres).
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-20}"
export SIGNET_TEST_PG_URL="${SIGNET_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
./mvnw -q -B -Dsignet.fast -pl signet-server -am test \
    -Dtest='ChangesReachOtherNodesTest#aKeyRevokedOnOneNodeStopsSigningOnTheOtherAtOnce+aClientDisabledOnOneNodeIsRefusedOnTheOtherAtOnce' \
    -Dsurefire.failIfNoSpecifiedTests=false -Dsignet.test.revocations="$n" >/dev/null
grep -h -E 'revocations on node 1|client disabled on node 1' \
    signet-server/target/surefire-reports/dev.signet.server.ChangesReachOtherNodesTest-output.txt
