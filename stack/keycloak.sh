#!/usr/bin/env bash
# Local Keycloak for Parley: the Keycloak 26.5.6 Quarkus distribution from the Maven artifact
# org.keycloak:keycloak-quarkus-dist:26.5.6:zip, unzipped once into .stack/keycloak/, run in
# dev mode (H2 file database) on 127.0.0.1 with the issuer pinned by --hostname.
#
#   stack/keycloak.sh start|stop|status|restart|reset
#
# Realms: every *.json in stack/keycloak/realms/ is copied to the distribution's data/import/ and
# imported at start (--import-realm) -- only if that realm does not exist yet: after editing a
# realm file run `stack/keycloak.sh reset` (deletes the H2 database) and start again.
# Master realm admin (created on the first start of a fresh database): admin/admin.
# The first start of a fresh distribution builds the dev-mode server and runs with
# PARLEY_KEYCLOAK_BUILD_HEAP (512m; the build runs out of memory at 128m); later starts use
# PARLEY_KEYCLOAK_HEAP (128m, SerialGC). The built distribution (without its data/) is then kept
# in PARLEY_KEYCLOAK_CACHE (~/.cache/parley), keyed by version: a fresh state folder (a new clone,
# CI's .stack-test) copies it from there instead of unzipping and building again. Data (the H2
# database) always stays in the state folder.
# Env: PARLEY_KEYCLOAK_PORT (8180), PARLEY_KEYCLOAK_MGMT_PORT (9180), PARLEY_KEYCLOAK_HEAP (128m),
#      PARLEY_KEYCLOAK_ADMIN / PARLEY_KEYCLOAK_ADMIN_PASSWORD (admin/admin),
#      PARLEY_KEYCLOAK_START_TIMEOUT (240 s), PARLEY_KEYCLOAK_CACHE (empty: no cache).
set -euo pipefail
# shellcheck source=stack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CMD="${1:-}"; [[ $# -gt 0 ]] && shift
SERVICE=keycloak
KC_VERSION=26.5.6
PORT="${PARLEY_KEYCLOAK_PORT:-8180}"
MGMT_PORT="${PARLEY_KEYCLOAK_MGMT_PORT:-9180}"
HEAP="${PARLEY_KEYCLOAK_HEAP:-128m}"
BUILD_HEAP="${PARLEY_KEYCLOAK_BUILD_HEAP:-512m}"
ADMIN_USER="${PARLEY_KEYCLOAK_ADMIN:-admin}"
ADMIN_PASSWORD="${PARLEY_KEYCLOAK_ADMIN_PASSWORD:-admin}"
TIMEOUT="${PARLEY_KEYCLOAK_START_TIMEOUT:-${STACK_START_TIMEOUT:-240}}"
DIR="$STACK_HOME/keycloak"
KC_HOME="$DIR/keycloak-$KC_VERSION"
ZIP="$DIR/dist/keycloak-quarkus-dist-$KC_VERSION.zip"
PIDFILE="$DIR/pid"
LOGFILE="$DIR/keycloak.log"
REALMS_SRC="$STACK_DIR/keycloak/realms"
PATTERN="$KC_HOME"
BUILT_MARKER="$KC_HOME/.parley-dev-built"
# The built distribution outside the clone (set PARLEY_KEYCLOAK_CACHE= to disable).
CACHE_ROOT="${PARLEY_KEYCLOAK_CACHE-${XDG_CACHE_HOME:-$HOME/.cache}/parley}"
CACHED_HOME="${CACHE_ROOT:+$CACHE_ROOT/keycloak-$KC_VERSION-dev}"
BASE_URL="http://127.0.0.1:$PORT"
READY_URL="$BASE_URL/realms/master/.well-known/openid-configuration"

install_dist() {
  [[ -x "$KC_HOME/bin/kc.sh" ]] && return 0
  if [[ -n "$CACHED_HOME" && -f "$CACHED_HOME/.parley-dev-built" && -x "$CACHED_HOME/bin/kc.sh" ]]; then
    local t0
    t0="$(now_ms)"
    mkdir -p "$DIR"
    rm -rf "$DIR/copy.tmp"
    cp -a "$CACHED_HOME" "$DIR/copy.tmp" || die "$SERVICE: copy of $CACHED_HOME failed (delete it to rebuild)"
    mv "$DIR/copy.tmp" "$KC_HOME"
    log "$SERVICE: built distribution copied from $CACHED_HOME in $(fmt_ms $(( $(now_ms) - t0 )))"
    return 0
  fi
  mkdir -p "$DIR/dist"
  if [[ ! -s "$ZIP" ]]; then
    local mvn t0
    mvn="$(mvn_bin)"
    t0="$(now_ms)"
    log "$SERVICE: fetching org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip with Maven"
    "$mvn" -B -q -Dstyle.color=never dependency:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" \
      -DoutputDirectory="$DIR/dist" >&2 \
      || die "$SERVICE: could not fetch the Keycloak distribution with Maven"
    log "$SERVICE: fetched $(du -h "$ZIP" | cut -f1) in $(fmt_ms $(( $(now_ms) - t0 )))"
  fi
  ensure_cmd unzip unzip
  log "$SERVICE: unzipping into $KC_HOME"
  rm -rf "$DIR/unzip.tmp"
  mkdir -p "$DIR/unzip.tmp"
  unzip -q "$ZIP" -d "$DIR/unzip.tmp" || die "$SERVICE: unzip of $ZIP failed (delete it to fetch it again)"
  [[ -x "$DIR/unzip.tmp/keycloak-$KC_VERSION/bin/kc.sh" ]] || die "$SERVICE: unexpected layout in $ZIP"
  mv "$DIR/unzip.tmp/keycloak-$KC_VERSION" "$KC_HOME"
  rm -rf "$DIR/unzip.tmp"
}

copy_realms() {
  local import="$KC_HOME/data/import" f n=0
  mkdir -p "$import"
  rm -f "$import"/*.json
  shopt -s nullglob
  for f in "$REALMS_SRC"/*.json; do
    cp "$f" "$import/"
    n=$((n + 1))
  done
  shopt -u nullglob
  log "$SERVICE: $n realm file(s) from ${REALMS_SRC#"$REPO_ROOT"/} offered for import"
}

ready() { http_ok "$READY_URL"; }

# After a start that built the dev-mode server: keep the built distribution (without data/) in the
# cache, written under a temporary name and renamed, so a half-written copy is never used.
save_to_cache() {
  [[ -n "$CACHED_HOME" && ! -f "$CACHED_HOME/.parley-dev-built" ]] || return 0
  local tmp="$CACHED_HOME.tmp.$$" t0
  t0="$(now_ms)"
  if mkdir -p "$CACHE_ROOT" && rm -rf "$tmp" && mkdir "$tmp" \
      && tar -C "$KC_HOME" --exclude=./data -cf - . | tar -C "$tmp" -xf - \
      && touch "$tmp/.parley-dev-built" && rm -rf "$CACHED_HOME" && mv "$tmp" "$CACHED_HOME"; then
    log "$SERVICE: built distribution cached in $CACHED_HOME ($(fmt_ms $(( $(now_ms) - t0 ))))"
  else
    rm -rf "$tmp"
    warn "$SERVICE: could not cache the built distribution in $CACHED_HOME (next fresh state folder builds again)"
  fi
}

# launch HEAP: start kc.sh start-dev in the background with that heap; prints its PID.
launch() {
  local heap="$1" java java_opts
  java="$(java_bin)"
  [[ -n "$java" ]] || die "$SERVICE: no java"
  # kc.sh's defaults use G1 and up to 512m of heap: replace JAVA_OPTS whole (its other defaults kept).
  java_opts="-Xms64m -Xmx$heap -XX:+UseSerialGC -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m"
  java_opts+=" -Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8 -Dsun.err.encoding=UTF-8"
  java_opts+=" -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8 -XX:+ExitOnOutOfMemoryError"
  java_opts+=" -Djava.security.egd=file:/dev/urandom -Djdk.tls.rejectClientInitiatedRenegotiation=true"
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$java")")")" JAVA_OPTS="$java_opts" \
    KC_BOOTSTRAP_ADMIN_USERNAME="$ADMIN_USER" KC_BOOTSTRAP_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    spawn "$LOGFILE" "$PIDFILE" "$KC_HOME/bin/kc.sh" start-dev \
      --http-host=127.0.0.1 --http-port="$PORT" --hostname="$BASE_URL" \
      --http-management-port="$MGMT_PORT" --import-realm
}

start() {
  local pid t0 heap
  t0="$(now_ms)"
  if pid="$(running_pid "$PIDFILE" "$PATTERN")"; then
    if ready; then
      log "$SERVICE: already running (pid $pid, $BASE_URL)"
      return 0
    fi
    log "$SERVICE: pid $pid is running but not ready yet; waiting"
  else
    clear_stale_pid "$PIDFILE" "$PATTERN"
    require_free_port "$PORT" "$SERVICE"
    require_free_port "$MGMT_PORT" "$SERVICE management"
    install_dist
    copy_realms
    # The first start-dev of a fresh distribution re-augments (builds) the server, which needs far
    # more heap than running it: that start gets the build heap; later ones the small heap.
    heap="$HEAP"
    if [[ ! -f "$BUILT_MARKER" ]]; then
      heap="$BUILD_HEAP"
      log "$SERVICE: first start of this distribution: building the dev-mode server (heap $heap, takes a while)"
    fi
    local offset
    offset="$(stat -c %s "$LOGFILE" 2>/dev/null || echo 0)"
    pid="$(launch "$heap")"
    # Not ready and dead? If the cause was an OOM (a re-augmentation on the small heap), retry once
    # with the build heap; any other failure is reported as usual.
    if ! ( wait_ready "$SERVICE" "$pid" "$LOGFILE" "$TIMEOUT" ready ) 2>"$DIR/start.err"; then
      if ! pid_alive "$pid" && [[ "$heap" != "$BUILD_HEAP" ]] \
          && tail -c "+$(( offset + 1 ))" "$LOGFILE" | grep -q 'OutOfMemoryError'; then
        warn "$SERVICE: ran out of heap ($heap), most likely while rebuilding: retrying with $BUILD_HEAP"
        pid="$(launch "$BUILD_HEAP")"
      else
        cat "$DIR/start.err" >&2
        exit 1
      fi
    fi
  fi
  wait_ready "$SERVICE" "$pid" "$LOGFILE" "$TIMEOUT" ready
  touch "$BUILT_MARKER"
  save_to_cache
  log "$SERVICE: ready at $BASE_URL (pid $pid, $(fmt_ms $(( $(now_ms) - t0 ))))"
}

stop() {
  # SIGTERM to kc.sh: it forwards it to its java child (clean stop in about 3 s).
  stop_pid "$SERVICE" "$PIDFILE" "$PATTERN" 60
}

status() {
  status_line "$SERVICE" "$PIDFILE" "$PATTERN" "$BASE_URL (admin console $BASE_URL/admin, home $KC_HOME)"
}

case "$CMD" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart) stop; start ;;
  reset)
    stop
    log "$SERVICE: deleting the H2 database ($KC_HOME/data/h2, data/transaction-logs)"
    rm -rf "$KC_HOME/data/h2" "$KC_HOME/data/transaction-logs" ;;
  *) sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
