#!/usr/bin/env bash
# Browser tests of the web chat page (chat-edge /app/): headless Chromium (Debian's `chromium`)
# driven by Playwright (chat-edge/src/test/browser, node:test) against a stack started here from
# the packaged jars: Keycloak (unless one already answers on PARLEY_KEYCLOAK_PORT), chat-persister,
# two chat-edge nodes with OIDC sign-in, and the nginx load balancer that serves the page, the
# Socket.IO endpoint and chat-persister's REST API on one origin. Redis, PostgreSQL and Kafka must
# be running (stack/test.sh calls this at its end, while they still are). Stops what it started
# by PID. Screenshots: chat-edge/target/browser-screenshots/.
#
#   stack/browser-test.sh [node --test arguments, e.g. --test-name-pattern=carol]
#
# Env: PARLEY_BROWSER_LB_PORT (7080), PARLEY_BROWSER_FIRST_EDGE_PORT (7081, 7082),
#      PARLEY_BROWSER_PERSISTER_PORT (7091), PARLEY_KEYCLOAK_PORT (8280) / _MGMT_PORT (9280),
#      PARLEY_CHROMIUM (chromium on the PATH).
set -euo pipefail
# shellcheck source=stack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LB_PORT="${PARLEY_BROWSER_LB_PORT:-7080}"
FIRST_EDGE_PORT="${PARLEY_BROWSER_FIRST_EDGE_PORT:-7081}"
PERSISTER_PORT="${PARLEY_BROWSER_PERSISTER_PORT:-7091}"
export PARLEY_KEYCLOAK_PORT="${PARLEY_KEYCLOAK_PORT:-8280}"
export PARLEY_KEYCLOAK_MGMT_PORT="${PARLEY_KEYCLOAK_MGMT_PORT:-9280}"
ISSUER="http://127.0.0.1:$PARLEY_KEYCLOAK_PORT/realms/parley"
TESTS="$REPO_ROOT/chat-edge/src/test/browser"
SHOTS="$REPO_ROOT/chat-edge/target/browser-screenshots"
# our apps and balancer keep their state apart from the services we share with the other tests
APPS_HOME="$STACK_HOME/browser"

for module in chat-edge chat-persister; do
  [[ -f "$REPO_ROOT/$module/target/quarkus-app/quarkus-run.jar" ]] \
    || die "$module is not packaged: run ./mvnw -B -DskipTests package (or stack/test.sh) first"
done
ensure_cmd chromium chromium
ensure_cmd node nodejs
ensure_cmd npm npm
CHROMIUM="${PARLEY_CHROMIUM:-$(command -v chromium)}"

STARTED=()
cleanup() {
  local rc=$? i
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do eval "${STARTED[$i]}" || true; done
  exit "$rc"
}
trap cleanup EXIT
app() { PARLEY_STACK_HOME="$APPS_HOME" "$STACK_DIR/app.sh" "$@"; }

if http_ok "$ISSUER/.well-known/openid-configuration"; then
  log "browser tests: using the Keycloak already running on :$PARLEY_KEYCLOAK_PORT"
else
  "$STACK_DIR/keycloak.sh" reset >/dev/null 2>&1 || true   # a fresh realm import
  STARTED+=("'$STACK_DIR/keycloak.sh' stop")
  "$STACK_DIR/keycloak.sh" start
fi
export QUARKUS_OIDC_AUTH_SERVER_URL="$ISSUER"
export PARLEY_AUTH_MODE=oidc
export QUARKUS_REST_CLIENT_PERSISTER_URL="http://127.0.0.1:$PERSISTER_PORT"

STARTED+=("app stop --module chat-persister --name web-persister")
app start --module chat-persister --name web-persister --port "$PERSISTER_PORT"
backends=()
for i in 1 2; do
  port=$(( FIRST_EDGE_PORT + i - 1 ))
  STARTED+=("app stop --name web-edge$i")
  app start --module chat-edge --name "web-edge$i" --port "$port"
  backends+=("127.0.0.1:$port")
done
STARTED+=("PARLEY_STACK_HOME='$APPS_HOME' '$STACK_DIR/lb.sh' stop")
PARLEY_STACK_HOME="$APPS_HOME" "$STACK_DIR/lb.sh" start --port "$LB_PORT" \
  --backends "$(IFS=,; echo "${backends[*]}")" --persister "127.0.0.1:$PERSISTER_PORT"

if [[ ! -f "$TESTS/node_modules/.package-lock.json" || "$TESTS/package-lock.json" -nt "$TESTS/node_modules/.package-lock.json" ]]; then
  npm ci --prefix "$TESTS" --no-audit --no-fund --loglevel=error
fi
mkdir -p "$SHOTS"
log "browser tests: page http://127.0.0.1:$LB_PORT/app/ (sign-in: Keycloak :$PARLEY_KEYCLOAK_PORT), Chromium $("$CHROMIUM" --version 2>/dev/null | tr -d '\n')"
(cd "$TESTS" && PARLEY_WEB_URL="http://127.0.0.1:$LB_PORT/app/" PARLEY_CHROMIUM="$CHROMIUM" \
  PARLEY_KEYCLOAK_URL="http://127.0.0.1:$PARLEY_KEYCLOAK_PORT" \
  PARLEY_SCREENSHOT_DIR="$SHOTS" node --test --test-reporter=spec "$@")
log "browser tests: screenshots in $SHOTS"
