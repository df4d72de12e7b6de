#!/usr/bin/env bash
# Runs every test of the project: starts the services the tests need (Redis, PostgreSQL, Kafka,
# Keycloak), in a state folder and on ports of their own (so a running local stack is not
# disturbed), runs ./mvnw verify (unit tests, Quarkus tests, the npm socket.io-client end-to-end
# tests, the chart tests), then stops them.
#
#   stack/test.sh [extra Maven arguments]   (then, without arguments, stack/browser-test.sh)
#
# Ports: PARLEY_TEST_REDIS_PORT (6490), PARLEY_TEST_PG_PORT (5540), PARLEY_TEST_KAFKA_PORT (9193)
# and PARLEY_TEST_KAFKA_CONTROLLER_PORT (9194), PARLEY_TEST_KEYCLOAK_PORT (8280) and
# PARLEY_TEST_KEYCLOAK_MGMT_PORT (9280); state in PARLEY_TEST_STACK_HOME (.stack-test). The tests
# see QUARKUS_REDIS_HOSTS, QUARKUS_DATASOURCE_JDBC_URL, KAFKA_BOOTSTRAP_SERVERS,
# QUARKUS_OIDC_AUTH_SERVER_URL (the realm `parley`) and PARLEY_KEYCLOAK_URL (Keycloak's base URL).
set -euo pipefail
# shellcheck source=stack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export PARLEY_STACK_HOME="${PARLEY_TEST_STACK_HOME:-$REPO_ROOT/.stack-test}"
export PARLEY_REDIS_PORT="${PARLEY_TEST_REDIS_PORT:-6490}"
export PARLEY_PG_PORT="${PARLEY_TEST_PG_PORT:-5540}"
export PARLEY_KAFKA_PORT="${PARLEY_TEST_KAFKA_PORT:-9193}"
export PARLEY_KAFKA_CONTROLLER_PORT="${PARLEY_TEST_KAFKA_CONTROLLER_PORT:-9194}"
export PARLEY_KEYCLOAK_PORT="${PARLEY_TEST_KEYCLOAK_PORT:-8280}"
export PARLEY_KEYCLOAK_MGMT_PORT="${PARLEY_TEST_KEYCLOAK_MGMT_PORT:-9280}"
# a loaded CI machine can take minutes for Keycloak's very first (building) start
export PARLEY_KEYCLOAK_START_TIMEOUT="${PARLEY_KEYCLOAK_START_TIMEOUT:-600}"
# the services' standard Quarkus keys, as environment variables
export QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$PARLEY_REDIS_PORT"
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PARLEY_PG_PORT/parley"
export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$PARLEY_KAFKA_PORT"
# the OIDC provider: Keycloak with the realm `parley` of stack/keycloak/realms (demo users, test clients)
export PARLEY_KEYCLOAK_URL="http://127.0.0.1:$PARLEY_KEYCLOAK_PORT"
export QUARKUS_OIDC_AUTH_SERVER_URL="$PARLEY_KEYCLOAK_URL/realms/parley"

SERVICES=(redis postgres kafka keycloak)
stop_services() {
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do "$STACK_DIR/${SERVICES[$i]}.sh" stop || true; done
}

"$STACK_DIR/prereqs.sh"
trap stop_services EXIT
# fresh state for every run: no data left over from an earlier one (Keycloak: a fresh H2 database,
# so the realm is imported anew; its built distribution is kept, see stack/keycloak.sh)
for svc in "${SERVICES[@]}"; do "$STACK_DIR/$svc.sh" reset >/dev/null 2>&1 || true; done
for svc in "${SERVICES[@]}"; do "$STACK_DIR/$svc.sh" start; done
"$STACK_DIR/kafka.sh" topics
cd "$REPO_ROOT"
./mvnw -B verify "$@"
# The benchmark suite's own unit tests (load generator, report statistics): bench/ is a separate
# Maven build (it does not inherit from the reactor); after a full build only.
if [[ $# -eq 0 ]]; then
  (cd bench && ../mvnw -B -q test)
fi
# The web chat page in headless Chromium against the packaged jars (stack/browser-test.sh): after
# a full build (no Maven arguments) or with PARLEY_BROWSER_TESTS=1; PARLEY_BROWSER_TESTS=0 skips it.
if [[ "${PARLEY_BROWSER_TESTS:-}" == 1 || ( $# -eq 0 && "${PARLEY_BROWSER_TESTS:-}" != 0 ) ]]; then
  "$STACK_DIR/browser-test.sh"
fi
