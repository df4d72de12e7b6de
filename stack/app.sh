#!/usr/bin/env bash
# One Parley service (chat-edge node, chat-persister, ...) from its packaged fast-jar, as a process
# of ours.
#
#   stack/app.sh start|stop|status --module MODULE --name NAME --port N [-- extra JVM options...]
#
# Needs MODULE/target/quarkus-app/quarkus-run.jar (./mvnw package). Configuration comes from the
# environment (QUARKUS_REDIS_HOSTS, KAFKA_BOOTSTRAP_SERVERS, PARLEY_AUTH_MODE, ...) and the extra
# JVM options. Env: PARLEY_APP_HEAP (256m), PARLEY_APP_START_TIMEOUT (60 s).
set -euo pipefail
# shellcheck source=stack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CMD="${1:-}"; [[ -n "$CMD" ]] || { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
shift
NAME=""; MODULE="chat-edge"; PORT=""; EXTRA=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --name) NAME="$2"; shift 2 ;;
    --module) MODULE="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --) shift; EXTRA+=("$@"); break ;;
    *) die "unknown option: $1" ;;
  esac
done
[[ -n "$NAME" ]] || NAME="$MODULE"
[[ "$NAME" =~ ^[A-Za-z0-9_.-]+$ ]] || die "bad --name"
[[ "$MODULE" =~ ^[A-Za-z0-9_-]+$ ]] || die "bad --module"
SERVICE="$NAME"
DIR="$STACK_HOME/$SERVICE"
PIDFILE="$DIR/pid"; LOGFILE="$DIR/$MODULE.log"; PORTFILE="$DIR/port"
JAR="$REPO_ROOT/$MODULE/target/quarkus-app/quarkus-run.jar"
TIMEOUT="${PARLEY_APP_START_TIMEOUT:-${STACK_START_TIMEOUT:-60}}"
if [[ -z "$PORT" && -f "$PORTFILE" ]]; then PORT="$(tr -dc '0-9' < "$PORTFILE")"; fi
[[ "$PORT" =~ ^[0-9]+$ ]] || die "$SERVICE: --port is required"

start() {
  clear_stale_pid "$PIDFILE" quarkus-run.jar
  if pid="$(running_pid "$PIDFILE" quarkus-run.jar)"; then
    log "$SERVICE: already running (pid $pid, port $PORT)"; return 0
  fi
  [[ -f "$JAR" ]] || die "$SERVICE: $JAR is missing: build it with ./mvnw -B -DskipTests package"
  require_free_port "$PORT" "$SERVICE"
  mkdir -p "$DIR"; echo "$PORT" > "$PORTFILE"
  local pid
  pid="$(spawn "$LOGFILE" "$PIDFILE" "$(java_bin)" "-Xmx${PARLEY_APP_HEAP:-256m}" -XX:+UseSerialGC \
    -Dquarkus.http.port="$PORT" -Dparley.cluster.node-id="$SERVICE" "${EXTRA[@]}" -jar "$JAR")"
  wait_ready "$SERVICE" "$pid" "$LOGFILE" "$TIMEOUT" http_ok "http://127.0.0.1:$PORT/q/health/ready"
  log "$SERVICE: ready on 127.0.0.1:$PORT (pid $pid, $(fmt_ms "$WAIT_READY_MS"))"
}

stop() { stop_pid "$SERVICE" "$PIDFILE" quarkus-run.jar; }

status() { status_line "$SERVICE" "$PIDFILE" quarkus-run.jar "127.0.0.1:$PORT"; }

case "$CMD" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart) stop; start ;;
  *) die "unknown command: $CMD" ;;
esac
