#!/usr/bin/env bash
# Parley benchmark runner.
#
#   bench/run.sh <scenario> [server]
#
# scenario:
#   smoke  200 clients, 20 rooms, 20 publishers, 1000 msg/s for 10 s (a quick check of the whole chain)
#   a      one node, fixed offered load: 1000 clients, 100 rooms of 10, 100 publishers, 10 000 msg/s
#          = 100 000 deliveries/s
#   b      one node, closed loop to saturation (same topology, BENCH_WINDOW sends in flight per publisher)
#   c      two nodes behind Redis, scenario (a)'s load spread over both (node: starts redis-server and two
#          Node servers with the Redis adapter; parley: BENCH_PARLEY_URL lists both edges, comma-separated)
#   c-sat  scenario c's topology in closed loop (BENCH_WINDOW in flight per publisher): the cluster's saturation
#   d      idle connections: BENCH_CLIENTS (10 000) connections held idle; server RSS per connection
#   d50k   scenario d with 50 000 connections (BENCH_CLIENTS); refused with the reason when this machine's open-file
#          limit or ephemeral port range cannot hold them
#   e      connection storm: handshakes per second with BENCH_SLOTS concurrent slots, measured for BENCH_DURATION
#          after BENCH_WARMUP of storm (bench/suite.sh gives e BENCH_STORM_WARMUP, 90 s)
# server: node | netty-socketio | parley   (default: $BENCH_SERVER or node)
#   Every server is started here, fresh for each run, and stopped by its PID.
#   parley: the packaged edge (chat-edge/target/quarkus-app, built with ./mvnw package if missing) with
#     the same contract as the references: no Kafka pipeline (they persist nothing), no presence, rate
#     or connection limits (they have none), insecure-dev identity ({userId} in the CONNECT auth, as the
#     references do); one node without Redis (like the Node server without its adapter), and in
#     scenario c two nodes on a Redis of the bench's own (BENCH_PARLEY_REDIS=1 puts the single node of
#     the other scenarios on that Redis too: the one-node baseline of c). Heap BENCH_PARLEY_HEAP (512m),
#     young generation BENCH_PARLEY_YOUNG (16m), event loops BENCH_PARLEY_EVENT_LOOPS (1); pinned to one core,
#     the JVM picks the serial collector. BENCH_PARLEY_JAR runs another build's quarkus-run.jar (A/B of two
#     commits in one sitting); BENCH_PARLEY_JVM_ARGS adds JVM arguments (a profiler; split on spaces).
#   Or point at edges you run yourself: BENCH_PARLEY_URL (http://127.0.0.1:PORT[,...]) and optionally
#     BENCH_PARLEY_PID (PID[,PID]) for the CPU and RSS samples.
#
# The server is pinned to core $BENCH_SERVER_CORE (1) and the load generator to core $BENCH_LOADGEN_CORE (0)
# with taskset. Everything targets 127.0.0.1. Results: bench/results/<time>-<scenario>-<server>.txt, and the
# RESULT_JSON line appended to bench/results/results.jsonl, tagged with scenario, server, round (BENCH_ROUND, 1),
# runId (BENCH_RUN_ID, default this run's start time), startedAt and gitSha (bench/suite.sh sets the first two).
# A run that ends without a RESULT_JSON line (server did not start, load generator failed) appends a line with
# "runFailed":true and the reason instead, and run.sh exits non-zero.
#
# Other knobs (env): BENCH_DURATION (30s), BENCH_WARMUP (10s), BENCH_PAYLOAD (128), BENCH_WINDOW (4),
#   BENCH_CLIENTS, BENCH_SLOTS (50), BENCH_NODE_PORT (7201; the second node uses +1), BENCH_NETTY_PORT (7101),
#   BENCH_REDIS_PORT (7301), BENCH_PARLEY_PORT (7401; the second node uses +1), BENCH_LOADGEN_HEAP (2g),
#   BENCH_LOADGEN_ARGS (extra load generator options, e.g. --vertx-frames), BENCH_LOADGEN_JVM_ARGS (extra JVM
#   options for the load generator, e.g. -Xlog:gc), BENCH_SKIP_BUILD=1 to use the jars as they are.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCENARIO="${1:-}"
SERVER="${2:-${BENCH_SERVER:-node}}"
DURATION="${BENCH_DURATION:-30s}"
WARMUP="${BENCH_WARMUP:-10s}"
PAYLOAD="${BENCH_PAYLOAD:-128}"
WINDOW="${BENCH_WINDOW:-4}"
SERVER_CORE="${BENCH_SERVER_CORE:-1}"
LOADGEN_CORE="${BENCH_LOADGEN_CORE:-0}"
NODE_PORT="${BENCH_NODE_PORT:-7201}"
NETTY_PORT="${BENCH_NETTY_PORT:-7101}"
REDIS_PORT="${BENCH_REDIS_PORT:-7301}"
LOADGEN_HEAP="${BENCH_LOADGEN_HEAP:-2g}"
PARLEY_HEAP="${BENCH_PARLEY_HEAP:-512m}"
# A small young generation: with a fixed large heap the JVM touches its whole eden (~1/3 of the heap)
# as garbage churns, which shows up as RSS; 16m keeps RSS close to what is live (measured with 10 000
# idle connections: 27 KiB per connection with -Xms512m -Xmx512m, 19 KiB with -Xmx512m -Xmn16m).
PARLEY_YOUNG="${BENCH_PARLEY_YOUNG:-16m}"
# One event loop for the one core the server is pinned to, as Node has one thread: Quarkus' default (two loops
# per core) hands broadcasts between two loops on the same core (measured in b: 149k deliveries/s with two
# loops, 176k with one).
PARLEY_EVENT_LOOPS="${BENCH_PARLEY_EVENT_LOOPS:-1}"
PARLEY_PORT="${BENCH_PARLEY_PORT:-7401}"
EDGE_JAR="${BENCH_PARLEY_JAR:-$BENCH_DIR/../chat-edge/target/quarkus-app/quarkus-run.jar}"
RESULTS_DIR="${BENCH_RESULTS_DIR:-$BENCH_DIR/results}"
LOADGEN_JAR="$BENCH_DIR/loadgen/target/loadgen.jar"
NETTY_JAR="$BENCH_DIR/netty-socketio-server/target/netty-socketio-server.jar"

usage() {
  sed -n '2,/^set /{/^set /d;p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 64
}

case "$SCENARIO" in smoke|a|b|c|c-sat|d|d50k|e) ;; *) usage ;; esac
case "$SERVER" in node|netty-socketio|parley) ;; *) usage ;; esac
if [[ ( "$SCENARIO" == c || "$SCENARIO" == c-sat ) && "$SERVER" == netty-socketio ]]; then
  echo "scenario $SCENARIO needs a Redis-backed server: node or parley (netty-socketio has no Redis variant here)" >&2
  exit 64
fi
TWO_NODES=0
[[ "$SCENARIO" == c || "$SCENARIO" == c-sat ]] && TWO_NODES=1
RUN_ID="${BENCH_RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)}"
ROUND="${BENCH_ROUND:-1}"
[[ "$ROUND" =~ ^[0-9]+$ ]] || { echo "BENCH_ROUND must be a number" >&2; exit 64; }
STARTED_AT="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
GIT_SHA="$(git -C "$BENCH_DIR" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [[ "$GIT_SHA" != unknown && -n "$(git -C "$BENCH_DIR/.." status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  GIT_SHA="$GIT_SHA-dirty"
fi

command -v jq >/dev/null || { echo "bench/run.sh needs jq to tag its result lines (apt-get install jq)" >&2; exit 69; }

STARTED_PIDS=()   # every process this script started, stopped by PID (never by name)
URL=""
RECORDED=0        # 1 once a result (or a failure) line is in results.jsonl
FAIL_REASON=""

# Prints a reason on stderr and keeps it for the failure line.
fail_msg() {
  FAIL_REASON="$*"
  echo "$*" >&2
}

stop_pid() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "pid $pid did not stop in 20 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

stop_all() {
  local i
  # reverse start order: servers before the Redis they use
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
    stop_pid "${STARTED_PIDS[$i]}"
  done
  STARTED_PIDS=()
}
on_exit() {
  local status=$?
  stop_all
  if [[ "$RECORDED" != 1 ]]; then
    [[ "$status" == 0 ]] && status=1
    record_failure "${FAIL_REASON:-run.sh stopped with status $status before a result}" || true
    exit "$status"
  fi
}
trap on_exit EXIT
trap 'FAIL_REASON="${FAIL_REASON:-interrupted}"; exit 130' INT TERM

build() {
  if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    if [[ ! -f "$LOADGEN_JAR" || ! -f "$NETTY_JAR" ]]; then
      echo "building the load generator and the netty-socketio server..."
      (cd "$BENCH_DIR" && mvn -q -B package -DskipTests)
    fi
    if [[ "$SERVER" == parley && -z "${BENCH_PARLEY_URL:-}" && ! -f "$EDGE_JAR" ]]; then
      echo "packaging chat-edge..."
      (cd "$BENCH_DIR/.." && ./mvnw -q -B -pl chat-events,chat-edge package -DskipTests)
    fi
    if [[ "$SERVER" == node && ! -d "$BENCH_DIR/node-server/node_modules" ]]; then
      echo "installing the node server's packages from package-lock.json..."
      (cd "$BENCH_DIR/node-server" && npm ci --no-audit --no-fund)
    fi
  fi
}

# If $1 is a wrapping shell (job-control shells fork one), prints the pid of its single child instead.
resolve_pid() {
  local pid="$1" comm child
  comm="$(cat "/proc/$pid/comm" 2>/dev/null || true)"
  if [[ "$comm" == bash || "$comm" == sh ]]; then
    for _ in $(seq 1 50); do
      child="$(pgrep -P "$pid" | head -n 1 || true)"
      [[ -n "$child" ]] && { echo "$child"; return; }
      sleep 0.1
    done
  fi
  echo "$pid"
}

# Refuses to start on a port some other process already listens on (it may be someone else's server).
require_free_port() {
  local port="$1"
  if [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]; then
    fail_msg "port $port is already in use by another process; pick another with the BENCH_*_PORT variables"
    exit 69
  fi
}

# Fails unless the process listening on the port is the given pid (so we never measure someone else's server).
require_listener() {
  local port="$1" pid="$2"
  if ! ss -Hltnp "sport = :$port" 2>/dev/null | grep -q "pid=$pid,"; then
    fail_msg "port $port is not served by the process we started (pid $pid)"
    return 1
  fi
}

wait_for_socket_io() {
  local port="$1" pid="$2"
  for _ in $(seq 1 150); do
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling"; then
      require_listener "$port" "$pid"
      return
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      fail_msg "the server on port $port exited during startup"
      return 1
    fi
    sleep 0.2
  done
  fail_msg "the server did not answer on port $port within 30 s"
  return 1
}

# start_node PORT LOG [REDIS_URL] -> prints nothing; appends the pid to STARTED_PIDS
start_node() {
  local port="$1" log="$2" redis="${3:-}"
  require_free_port "$port"
  (cd "$BENCH_DIR/node-server" && exec env PORT="$port" HOST=127.0.0.1 REDIS_URL="$redis" \
    taskset -c "$SERVER_CORE" node server.js) >"$log" 2>&1 &
  local pid
  pid="$(resolve_pid $!)"
  STARTED_PIDS+=("$pid")
  wait_for_socket_io "$port" "$pid"
}

start_netty() {
  local port="$1" log="$2"
  require_free_port "$port"
  (exec env PORT="$port" HOST=127.0.0.1 taskset -c "$SERVER_CORE" java -Xms1g -Xmx1g -jar "$NETTY_JAR") \
    >"$log" 2>&1 &
  local pid
  pid="$(resolve_pid $!)"
  STARTED_PIDS+=("$pid")
  wait_for_socket_io "$port" "$pid"
}

# start_parley PORT LOG NODE_ID [REDIS_PORT] -> appends the pid to STARTED_PIDS
start_parley() {
  local port="$1" log="$2" node_id="$3" redis_port="${4:-}"
  require_free_port "$port"
  local props=(-Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -Dparley.cluster.node-id="$node_id"
    -Dparley.auth.mode=insecure-dev -Dquarkus.profile=bench -Dquarkus.oidc.tenant-enabled=false
    -Dparley.limits.handshake.rate=1000000 -Dparley.limits.handshake.burst=1000000
    -Dparley.limits.connections-per-ip=1000000 -Dparley.limits.connections-per-user=1000
    -Dparley.pipeline.enabled=false -Dquarkus.kafka.health.enabled=false
    -Dmp.messaging.outgoing.chat-messages.enabled=false -Dmp.messaging.outgoing.user-events.enabled=false
    -Dmp.messaging.outgoing.system-logs.enabled=false -Dmp.messaging.incoming.membership-events.enabled=false
    -Dparley.presence.enabled=false -Dparley.ratelimit.enabled=false -Dparley.chat.send-rate-per-second=1000000
    -Dparley.chat.send-burst=1000000 -Dquarkus.log.level=WARN -Dquarkus.shutdown.delay-enabled=false
    -Dquarkus.vertx.event-loops-pool-size="$PARLEY_EVENT_LOOPS")
  if [[ -n "$redis_port" ]]; then
    props+=(-Dparley.cluster.enabled=true -Dquarkus.redis.hosts="redis://127.0.0.1:$redis_port")
  else
    props+=(-Dparley.cluster.enabled=false -Dquarkus.redis.health.enabled=false)
  fi
  # shellcheck disable=SC2086 # BENCH_PARLEY_JVM_ARGS is a list of arguments
  (exec taskset -c "$SERVER_CORE" java -Xmx"$PARLEY_HEAP" -Xmn"$PARLEY_YOUNG" "${props[@]}" ${BENCH_PARLEY_JVM_ARGS:-} \
    -jar "$EDGE_JAR") \
    >"$log" 2>&1 &
  local pid
  pid="$(resolve_pid $!)"
  STARTED_PIDS+=("$pid")
  wait_for_socket_io "$port" "$pid"
}

start_redis() {
  local log="$1"
  require_free_port "$REDIS_PORT"
  (exec taskset -c "$SERVER_CORE" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' \
    --appendonly no --protected-mode yes) >"$log" 2>&1 &
  local pid
  pid="$(resolve_pid $!)"
  STARTED_PIDS+=("$pid")
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || { fail_msg "redis-server exited during startup"; return 1; }
    if [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" == PONG ]]; then
      require_listener "$REDIS_PORT" "$pid"
      return
    fi
    sleep 0.2
  done
  fail_msg "redis-server did not answer within 10 s"
  return 1
}

# Starts what the scenario needs; sets URL (comma-separated when several nodes).
start_servers() {
  local base="$1"
  case "$SERVER" in
    node)
      if [[ "$TWO_NODES" == 1 ]]; then
        start_redis "$base.redis.log"
        start_node "$NODE_PORT" "$base.node1.log" "redis://127.0.0.1:$REDIS_PORT"
        start_node "$((NODE_PORT + 1))" "$base.node2.log" "redis://127.0.0.1:$REDIS_PORT"
        URL="http://127.0.0.1:$NODE_PORT,http://127.0.0.1:$((NODE_PORT + 1))"
      else
        start_node "$NODE_PORT" "$base.server.log"
        URL="http://127.0.0.1:$NODE_PORT"
      fi
      ;;
    netty-socketio)
      start_netty "$NETTY_PORT" "$base.server.log"
      URL="http://127.0.0.1:$NETTY_PORT"
      ;;
    parley)
      if [[ -n "${BENCH_PARLEY_URL:-}" ]]; then
        URL="$BENCH_PARLEY_URL"
      elif [[ "$TWO_NODES" == 1 ]]; then
        start_redis "$base.redis.log"
        start_parley "$PARLEY_PORT" "$base.node1.log" bench-1 "$REDIS_PORT"
        start_parley "$((PARLEY_PORT + 1))" "$base.node2.log" bench-2 "$REDIS_PORT"
        URL="http://127.0.0.1:$PARLEY_PORT,http://127.0.0.1:$((PARLEY_PORT + 1))"
      elif [[ "${BENCH_PARLEY_REDIS:-0}" == 1 ]]; then
        # one node on Redis, as in a cluster: the baseline of scenario c
        start_redis "$base.redis.log"
        start_parley "$PARLEY_PORT" "$base.server.log" bench-1 "$REDIS_PORT"
        URL="http://127.0.0.1:$PARLEY_PORT"
      else
        start_parley "$PARLEY_PORT" "$base.server.log" bench-1
        URL="http://127.0.0.1:$PARLEY_PORT"
      fi
      ;;
  esac
}

pids_for_sampling() {
  if [[ "$SERVER" == parley && -n "${BENCH_PARLEY_URL:-}" ]]; then
    echo "${BENCH_PARLEY_PID:-}"
  else
    local IFS=,
    echo "${STARTED_PIDS[*]}"
  fi
}

run_loadgen() {
  local out="$1"; shift
  local pids pid_args=()
  pids="$(pids_for_sampling)"
  [[ -n "$pids" ]] && pid_args=(--server-pid "$pids")
  local status
  set +e
  taskset -c "$LOADGEN_CORE" java -Xms"$LOADGEN_HEAP" -Xmx"$LOADGEN_HEAP" -XX:+AlwaysPreTouch ${BENCH_LOADGEN_JVM_ARGS:-} \
    -jar "$LOADGEN_JAR" --url "$URL" "${pid_args[@]}" --label "scenario-$SCENARIO/$SERVER" "$@" \
    ${BENCH_LOADGEN_ARGS:-} 2>&1 | tee "$out"
  status="${PIPESTATUS[0]}"
  set -e
  [[ "$status" == 0 ]] || FAIL_REASON="the load generator exited with status $status (see $out)"
  local line
  line="$(grep '^RESULT_JSON ' "$out" | tail -n 1 | sed 's/^RESULT_JSON //' || true)"
  if [[ -z "$line" ]]; then
    FAIL_REASON="the load generator printed no RESULT_JSON line (see $out)"
    return 1
  fi
  tag_json "$line" >>"$RESULTS_DIR/results.jsonl"
  RECORDED=1
}

# tag_json JSON [extra jq filter] -> the line with scenario, server, round, runId, startedAt, gitSha, cores
tag_json() {
  jq -c --arg scenario "$SCENARIO" --arg server "$SERVER" --argjson round "$ROUND" --arg runId "$RUN_ID" \
    --arg startedAt "$STARTED_AT" --arg gitSha "$GIT_SHA" --argjson serverCore "$SERVER_CORE" \
    --argjson loadgenCore "$LOADGEN_CORE" --arg parleyHeap "-Xmx$PARLEY_HEAP -Xmn$PARLEY_YOUNG" \
    '. + {scenario: $scenario, server: $server, round: $round, runId: $runId, startedAt: $startedAt,
          gitSha: $gitSha, serverCore: $serverCore, loadgenCore: $loadgenCore}
       + (if $server == "parley" then {parleyHeap: $parleyHeap} else {} end)' <<<"$1"
}

# A run that produced no result is recorded as failed, with its reason, so the suite and the report see it.
record_failure() {
  local reason="$1"
  mkdir -p "$RESULTS_DIR"
  tag_json "$(jq -cn --arg reason "$reason" --arg lbl "scenario-$SCENARIO/$SERVER" \
    '{"mode": "failed", "label": $lbl, "ok": false, "runFailed": true, "reason": $reason}')" >>"$RESULTS_DIR/results.jsonl"
  RECORDED=1
}

# d50k (and any large d): the load generator and the server each hold one descriptor per connection, and every
# connection from 127.0.0.1 to one server port takes one ephemeral port.
check_connection_capacity() {
  local clients="$1" nofile ports lo hi
  nofile="$(ulimit -n)"
  read -r lo hi </proc/sys/net/ipv4/ip_local_port_range
  ports=$((hi - lo + 1))
  if [[ "$nofile" != unlimited && "$nofile" -lt $((clients + 1000)) ]]; then
    FAIL_REASON="$clients connections need an open-file limit of at least $((clients + 1000)) per process; this shell's is $nofile (ulimit -n; raise the hard limit, e.g. in /etc/security/limits.conf)"
    return 1
  fi
  if [[ "$ports" -lt $((clients + 1000)) ]]; then
    FAIL_REASON="$clients connections from 127.0.0.1 to one port need $((clients + 1000)) ephemeral ports; net.ipv4.ip_local_port_range gives $ports ($lo-$hi)"
    return 1
  fi
}

main() {
  build
  mkdir -p "$RESULTS_DIR"
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  if [[ "$SCENARIO" == d50k ]]; then
    check_connection_capacity "${BENCH_CLIENTS:-50000}" || { echo "$FAIL_REASON" >&2; exit 69; }
  fi
  local stamp base out
  stamp="$(date +%Y%m%d-%H%M%S)"
  base="$RESULTS_DIR/$stamp-$SCENARIO-$SERVER"
  out="$base.txt"
  start_servers "$base"
  echo "scenario $SCENARIO against $SERVER at $URL (started pids: ${STARTED_PIDS[*]:-none}, server core $SERVER_CORE; loadgen core $LOADGEN_CORE)"
  case "$SCENARIO" in
    smoke)
      run_loadgen "$out" --clients 200 --rooms 20 --publishers 20 --rate 1000 --payload "$PAYLOAD" \
        --duration "${BENCH_DURATION:-10s}" --warmup "${BENCH_WARMUP:-3s}"
      ;;
    a|c)
      run_loadgen "$out" --clients 1000 --rooms 100 --publishers 100 --rate 10000 --payload "$PAYLOAD" \
        --duration "$DURATION" --warmup "$WARMUP"
      ;;
    b|c-sat)
      run_loadgen "$out" --clients 1000 --rooms 100 --publishers 100 --rate 0 --window "$WINDOW" \
        --payload "$PAYLOAD" --duration "$DURATION" --warmup "$WARMUP"
      ;;
    d)
      run_loadgen "$out" --idle --clients "${BENCH_CLIENTS:-10000}" --rooms 1000 \
        --connect-concurrency 200 --duration "${BENCH_DURATION:-20s}" --connect-timeout 120s
      ;;
    d50k)
      run_loadgen "$out" --idle --clients "${BENCH_CLIENTS:-50000}" --rooms 5000 \
        --connect-concurrency 200 --duration "${BENCH_DURATION:-20s}" --connect-timeout 300s
      ;;
    e)
      run_loadgen "$out" --storm --connect-concurrency "${BENCH_SLOTS:-50}" --duration "${BENCH_DURATION:-20s}" \
        --warmup "$WARMUP"
      ;;
  esac
  stop_all
  echo "results: $out"
}

main
