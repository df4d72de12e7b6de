#!/usr/bin/env bash
# Start/stop/inspect several local-stack services in one go.
#
#   stack/all.sh start|stop|status|reset [SERVICE...]
#
# SERVICE is one of: redis postgres kafka keycloak lb (default: redis postgres kafka keycloak).
# start runs them in the order given (and for kafka also creates the topics); stop and reset
# run in reverse order. Each service keeps its own options/env (see stack/README.md); the load
# balancer is not in the default list because it needs the app's backends (PARLEY_LB_BACKENDS).
# `start` stops at the first service that fails (the ones already started keep running: stop
# them with `stack/all.sh stop ...`). `stop` tries every service and fails at the end if any failed.
# status exits 0 when every listed service runs, else 3.
set -euo pipefail
# shellcheck source=stack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CMD="${1:-}"; [[ $# -gt 0 ]] && shift
SERVICES=("$@")
[[ ${#SERVICES[@]} -gt 0 ]] || SERVICES=(redis postgres kafka keycloak)
for s in "${SERVICES[@]}"; do
  case "$s" in
    redis|postgres|kafka|keycloak|lb) ;;
    *) die "unknown service '$s' (redis postgres kafka keycloak lb)" ;;
  esac
done

reversed() { local i; for (( i=${#SERVICES[@]}-1; i>=0; i-- )); do printf '%s\n' "${SERVICES[$i]}"; done; }

case "$CMD" in
  start)
    T0="$(now_ms)"
    for s in "${SERVICES[@]}"; do
      t="$(now_ms)"
      "$STACK_DIR/$s.sh" start
      if [[ $s == kafka ]]; then "$STACK_DIR/kafka.sh" topics >&2; fi
      log "all: $s up in $(fmt_ms $(( $(now_ms) - t )))"
    done
    log "all: ${SERVICES[*]} up in $(fmt_ms $(( $(now_ms) - T0 )))"
    ;;
  stop|reset)
    failed=()
    while IFS= read -r s; do
      "$STACK_DIR/$s.sh" "$CMD" || failed+=("$s")
    done < <(reversed)
    [[ ${#failed[@]} -eq 0 ]] || die "all: $CMD failed for: ${failed[*]}"
    ;;
  status)
    rc=0
    for s in "${SERVICES[@]}"; do "$STACK_DIR/$s.sh" status || rc=3; done
    exit $rc
    ;;
  *) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
