#!/usr/bin/env bash
# Builds Parley and runs the whole stack on this machine: Redis, PostgreSQL, Kafka, Keycloak (the
# OIDC provider, realm `parley` with demo users), N chat-edge nodes behind an nginx load balancer
# (sticky sessions for long-polling, long WebSocket timeouts), chat-persister (Kafka ->
# PostgreSQL, history API), chat-insights (activity figures) and chat-notifier (push
# notifications to offline members). Every service authenticates callers with Keycloak's tokens.
#
#   stack/run.sh            build, start, stay in the foreground; Ctrl-C stops everything
#   stack/run.sh --detach   build and start, then return (stop later with: stack/run.sh stop)
#   stack/run.sh stop | status
#
# Env: PARLEY_EDGES (2 nodes, ports 7001..), PARLEY_LB_PORT (7000), PARLEY_SKIP_BUILD=1 to reuse
# the packaged jars, PARLEY_ADMIN_TOKEN (admin API token, default dev-admin-token),
# PARLEY_KEYCLOAK_PORT (8180), PARLEY_AUTH_MODE (oidc; insecure-dev only for local experiments).
set -euo pipefail
# shellcheck source=stack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

EDGES="${PARLEY_EDGES:-2}"
LB_PORT="${PARLEY_LB_PORT:-7000}"
FIRST_EDGE_PORT="${PARLEY_FIRST_EDGE_PORT:-7001}"
[[ "$EDGES" =~ ^[1-9]$ ]] || die "PARLEY_EDGES must be 1 to 9"
edge_port() { echo $(( FIRST_EDGE_PORT + $1 - 1 )); }

export QUARKUS_REDIS_HOSTS="redis://127.0.0.1:${PARLEY_REDIS_PORT:-6390}"
# Sequence numbers live in Redis: keep them across Redis restarts.
export PARLEY_REDIS_PERSIST="${PARLEY_REDIS_PERSIST:-1}"
# Identity: access tokens of the local Keycloak's realm `parley` (docs/identity.md).
KEYCLOAK_URL="http://127.0.0.1:${PARLEY_KEYCLOAK_PORT:-8180}"
export PARLEY_AUTH_MODE="${PARLEY_AUTH_MODE:-oidc}"
# the edge refuses insecure-dev in its prod profile: a local experiment with it runs the insecure-dev profile
if [[ "$PARLEY_AUTH_MODE" == insecure-dev ]]; then export QUARKUS_PROFILE="${QUARKUS_PROFILE:-insecure-dev}"; fi
export QUARKUS_OIDC_AUTH_SERVER_URL="${QUARKUS_OIDC_AUTH_SERVER_URL:-$KEYCLOAK_URL/realms/parley}"
export PARLEY_ADMIN_TOKEN="${PARLEY_ADMIN_TOKEN:-dev-admin-token}"

PERSISTER_PORT="${PARLEY_PERSISTER_PORT:-7101}"
INSIGHTS_PORT="${PARLEY_INSIGHTS_PORT:-7201}"
export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:${PARLEY_KAFKA_PORT:-9093}"
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:${PARLEY_PG_PORT:-5440}/parley"
export QUARKUS_REST_CLIENT_PERSISTER_URL="http://127.0.0.1:$PERSISTER_PORT"
NOTIFIER_PORT="${PARLEY_NOTIFIER_PORT:-7301}"
export QUARKUS_OIDC_AUTH_SERVER_URL="${QUARKUS_OIDC_AUTH_SERVER_URL:-http://127.0.0.1:${PARLEY_KEYCLOAK_PORT:-8180}/realms/parley}"

stop_all() {
  "$STACK_DIR/lb.sh" stop || true
  for ((i = EDGES; i >= 1; i--)); do "$STACK_DIR/app.sh" stop --name "edge$i" || true; done
  "$STACK_DIR/app.sh" stop --module chat-insights || true
  "$STACK_DIR/app.sh" stop --module chat-notifier || true
  "$STACK_DIR/app.sh" stop --module chat-persister || true
  "$STACK_DIR/keycloak.sh" stop || true
  "$STACK_DIR/kafka.sh" stop || true
  "$STACK_DIR/postgres.sh" stop || true
  "$STACK_DIR/redis.sh" stop || true
}

status_all() {
  "$STACK_DIR/redis.sh" status || true
  "$STACK_DIR/postgres.sh" status || true
  "$STACK_DIR/kafka.sh" status || true
  "$STACK_DIR/keycloak.sh" status || true
  "$STACK_DIR/app.sh" status --module chat-persister || true
  "$STACK_DIR/app.sh" status --module chat-insights || true
  "$STACK_DIR/app.sh" status --module chat-notifier || true
  for ((i = 1; i <= EDGES; i++)); do "$STACK_DIR/app.sh" status --name "edge$i" || true; done
  "$STACK_DIR/lb.sh" status || true
}

start_all() {
  "$STACK_DIR/prereqs.sh"
  if [[ "${PARLEY_SKIP_BUILD:-0}" != 1 ]]; then
    log "building (./mvnw -B -q -DskipTests package)"
    (cd "$REPO_ROOT" && ./mvnw -B -q -DskipTests package)
  fi
  "$STACK_DIR/redis.sh" start
  "$STACK_DIR/postgres.sh" start
  "$STACK_DIR/kafka.sh" start
  "$STACK_DIR/kafka.sh" topics
  "$STACK_DIR/keycloak.sh" start
  "$STACK_DIR/app.sh" start --module chat-persister --port "$PERSISTER_PORT"
  "$STACK_DIR/app.sh" start --module chat-insights --port "$INSIGHTS_PORT"
  "$STACK_DIR/app.sh" start --module chat-notifier --port "$NOTIFIER_PORT"
  local backends=()
  for ((i = 1; i <= EDGES; i++)); do
    "$STACK_DIR/app.sh" start --module chat-edge --name "edge$i" --port "$(edge_port "$i")"
    backends+=("127.0.0.1:$(edge_port "$i")")
  done
  "$STACK_DIR/lb.sh" start --port "$LB_PORT" --backends "$(IFS=,; echo "${backends[*]}")" \
    --persister "127.0.0.1:$PERSISTER_PORT"
  cat <<TXT

  Parley is running.
    web chat:                           http://127.0.0.1:$LB_PORT/  (sign in as alice, bob, carol or dave, password parley)
    Socket.IO endpoint (load balancer): http://127.0.0.1:$LB_PORT/socket.io/
    browser client bundle:              http://127.0.0.1:$LB_PORT/socket.io/socket.io.min.js
    edge nodes:                         ${backends[*]}  (health: /q/health, metrics: /q/metrics)
    admin API:                          curl -H 'Authorization: Bearer $PARLEY_ADMIN_TOKEN' http://127.0.0.1:$LB_PORT/api/admin/nodes
    history API (chat-persister):       http://127.0.0.1:$PERSISTER_PORT/api/rooms/<roomId>/messages  (OpenAPI: /q/openapi)
    insights API (chat-insights):       http://127.0.0.1:$INSIGHTS_PORT/api/insights/summary  (token with role parley-analyst, e.g. user analyst; docs/insights.md)
    push devices API (chat-notifier):   http://127.0.0.1:$NOTIFIER_PORT/api/devices  (bearer tokens of $QUARKUS_OIDC_AUTH_SERVER_URL; providers: docs/notifier.md)
    Kafka / PostgreSQL / Redis:         127.0.0.1:${PARLEY_KAFKA_PORT:-9093} / :${PARLEY_PG_PORT:-5440} / :${PARLEY_REDIS_PORT:-6390}
    identity (OIDC):                    Keycloak $KEYCLOAK_URL, realm parley, auth mode $PARLEY_AUTH_MODE (admin console: /admin, admin/admin)
    logs:                               $STACK_HOME/<service>/

  Sign in as a demo user (alice, bob, carol, dave; admin has parley-admin; password: parley):
    TOKEN=\$(curl -s -d grant_type=password -d client_id=parley-tests -d username=alice -d password=parley \\
      $QUARKUS_OIDC_AUTH_SERVER_URL/protocol/openid-connect/token | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
    curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$PERSISTER_PORT/api/users/alice/groups
    Socket.IO: io("http://127.0.0.1:$LB_PORT", { auth: { token: TOKEN } })   (tokens last 5 min: docs/identity.md)
    Web and mobile apps sign in with the public client parley-web (authorization code + PKCE).

TXT
}

case "${1:-}" in
  stop) stop_all ;;
  status) status_all ;;
  --detach) start_all ;;
  "")
    trap 'echo; log "stopping"; stop_all; exit 0' INT TERM
    start_all
    log "Ctrl-C stops the stack"
    while true; do sleep 3600 & wait $!; done
    ;;
  *) die "usage: stack/run.sh [--detach|stop|status]" ;;
esac
