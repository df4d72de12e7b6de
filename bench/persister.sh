#!/usr/bin/env bash
# Scenario (f): the persister's throughput into PostgreSQL and the send-to-row latency through the edge.
#
#   bench/persister.sh          one round: fresh stack, persister and edge, both programs, everything stopped
#   bench/persister.sh build    only build what the round needs (jars and the bench programs' classpath)
#
# A round starts, with the project's stack scripts and in a state folder of its own (BENCH_F_STACK_HOME,
# default bench/.stack-bench, reset first): Redis, PostgreSQL, Kafka (+ its topics), then the packaged
# chat-persister and chat-edge (insecure-dev identity, no send limits, Kafka pipeline on). Then it runs
# the persister's benchmark programs (chat-persister/src/test/java/io/parley/persister/bench):
#   1. PersisterThroughput: warm-up rounds of BENCH_F_WARMUP_MESSAGES (100 000) produced and stored, unmeasured,
#      until the persister's JIT compiler threads use less than 5 % of a core over a round (at most
#      BENCH_F_WARMUP_MAX seconds); then BENCH_F_MESSAGES (300 000) messages produced straight into Kafka as
#      fast as the producer goes -> messages/s from the first send to the last committed row, and the rate of the
#      backlog left in Kafka when the producer finished (rows stored after that / time to the last row: the
#      persister with the load generator off the cores, the target's figure); then
#      BENCH_F_LATENCY_MESSAGES (25 000) at BENCH_F_RATE (5 000) msg/s -> Kafka-send-to-row percentiles;
#   2. EdgeToRowLatency: Socket.IO clients (BENCH_F_SOCKETS, 50; raw frames on one event loop) send
#      message:send at BENCH_F_RATE msg/s through the edge, first unmeasured: at least BENCH_F_WARMUP seconds
#      (40), then on until the JIT compiler threads of the edge and of the persister each use less than 5 % of
#      a core over 5 s, at most BENCH_F_WARMUP_MAX seconds (180) (a cold edge's C1/C2 compilers take 30-45 %
#      of a core for the first 60-70 s of this load here); then BENCH_F_SECONDS (10) measured -> send-to-ack and send-to-row
#      percentiles (the target's figure), and the CPU the program, the edge and the edge's JIT used.
# The figures go into bench/results/results.jsonl as one line (scenario f, server parley, round BENCH_ROUND,
# runId BENCH_RUN_ID); a round that fails is recorded as failed with its reason. Everything started here is
# stopped by its PID (stack scripts' stop, which signal their pid files' PIDs only).
# Nothing is pinned: the persister, the edge, Kafka, PostgreSQL, Redis and the clients share both cores.
#
# Ports (all 127.0.0.1): BENCH_F_REDIS_PORT (7531), BENCH_F_PG_PORT (7532), BENCH_F_KAFKA_PORT (7533),
# BENCH_F_KAFKA_CONTROLLER_PORT (7534), BENCH_F_PERSISTER_PORT (7535), BENCH_F_EDGE_PORT (7536).
# The edge runs one event loop per core (BENCH_F_EDGE_EVENT_LOOPS, default: the machine's cores), as the Helm
# chart sets it; Quarkus' default is two per core.
# Heaps: BENCH_F_APP_HEAP (512m, persister and edge); the broker's JVM options: BENCH_F_KAFKA_HEAP_OPTS
# (-Xms512m -Xmx512m -XX:+UseSerialGC). Extra JVM arguments (a profiler, say):
# BENCH_F_EDGE_JVM_ARGS and BENCH_F_PERSISTER_JVM_ARGS (split on spaces).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
RESULTS_DIR="${BENCH_RESULTS_DIR:-$BENCH_DIR/results}"
REPORT_JAR="$BENCH_DIR/report/target/report.jar"
CLASSPATH_FILE="$REPO_DIR/chat-persister/target/bench-classpath.txt"

export PARLEY_STACK_HOME="${BENCH_F_STACK_HOME:-$BENCH_DIR/.stack-bench}"
export PARLEY_REDIS_PORT="${BENCH_F_REDIS_PORT:-7531}"
export PARLEY_PG_PORT="${BENCH_F_PG_PORT:-7532}"
export PARLEY_KAFKA_PORT="${BENCH_F_KAFKA_PORT:-7533}"
export PARLEY_KAFKA_CONTROLLER_PORT="${BENCH_F_KAFKA_CONTROLLER_PORT:-7534}"
PERSISTER_PORT="${BENCH_F_PERSISTER_PORT:-7535}"
EDGE_PORT="${BENCH_F_EDGE_PORT:-7536}"
export PARLEY_APP_HEAP="${BENCH_F_APP_HEAP:-512m}"
# The broker as in production: the full JIT and a 512 MB heap. The local stack's default stops at C1 for a quick
# start; by the send-to-row phase the throughput phase has warmed this one up (send-to-row p99 150/160 ms
# against 257/180 ms with the stack's default, alternated).
export PARLEY_KAFKA_HEAP_OPTS="${BENCH_F_KAFKA_HEAP_OPTS:--Xms512m -Xmx512m -XX:+UseSerialGC}"
EDGE_EVENT_LOOPS="${BENCH_F_EDGE_EVENT_LOOPS:-$(nproc)}"
export QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$PARLEY_REDIS_PORT"
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PARLEY_PG_PORT/parley"
export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$PARLEY_KAFKA_PORT"

MESSAGES="${BENCH_F_MESSAGES:-300000}"
LATENCY_MESSAGES="${BENCH_F_LATENCY_MESSAGES:-25000}"
RATE="${BENCH_F_RATE:-5000}"
SECONDS_E2E="${BENCH_F_SECONDS:-10}"
SOCKETS="${BENCH_F_SOCKETS:-50}"
WARMUP_E2E="${BENCH_F_WARMUP:-40}"
WARMUP_MAX_E2E="${BENCH_F_WARMUP_MAX:-180}"
WARMUP_MESSAGES="${BENCH_F_WARMUP_MESSAGES:-100000}"
[[ "$WARMUP_E2E" =~ ^[0-9]+$ ]] || { echo "BENCH_F_WARMUP must be a number of seconds" >&2; exit 64; }
[[ "$WARMUP_MAX_E2E" =~ ^[0-9]+$ ]] || { echo "BENCH_F_WARMUP_MAX must be a number of seconds" >&2; exit 64; }
for n in "$MESSAGES" "$WARMUP_MESSAGES" "$LATENCY_MESSAGES" "$RATE" "$SECONDS_E2E" "$SOCKETS" "$EDGE_EVENT_LOOPS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_F_* counts must be positive integers" >&2; exit 64; }
done

RUN_ID="${BENCH_RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)}"
ROUND="${BENCH_ROUND:-1}"
[[ "$ROUND" =~ ^[0-9]+$ ]] || { echo "BENCH_ROUND must be a number" >&2; exit 64; }
STARTED_AT="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
GIT_SHA="$(git -C "$REPO_DIR" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [[ "$GIT_SHA" != unknown && -n "$(git -C "$REPO_DIR" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  GIT_SHA="$GIT_SHA-dirty"
fi

build() {
  if [[ ! -f "$REPO_DIR/chat-edge/target/quarkus-app/quarkus-run.jar" \
        || ! -f "$REPO_DIR/chat-persister/target/quarkus-app/quarkus-run.jar" ]]; then
    echo "packaging chat-edge and chat-persister..."
    (cd "$REPO_DIR" && ./mvnw -B -q -pl chat-events,chat-edge,chat-persister package -DskipTests)
  fi
  if [[ ! -f "$CLASSPATH_FILE" || ! -d "$REPO_DIR/chat-persister/target/test-classes/io/parley/persister/bench" ]]; then
    echo "compiling the persister's benchmark programs and writing their classpath..."
    (cd "$REPO_DIR" && ./mvnw -B -q -pl chat-events,chat-persister test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt)
  fi
  if [[ ! -f "$REPORT_JAR" ]]; then
    (cd "$BENCH_DIR" && mvn -q -B package -DskipTests)
  fi
}

if [[ "${1:-}" == build ]]; then
  build
  exit 0
fi
[[ $# -eq 0 ]] || { sed -n '2,/^set /{/^set /d;p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 64; }

command -v jq >/dev/null || { echo "bench/persister.sh needs jq to tag its result line (apt-get install jq)" >&2; exit 69; }

SERVICES_STARTED=()   # stack services and apps started by this round, stopped in reverse order
RECORDED=0
FAIL_REASON=""
STAMP="$(date +%Y%m%d-%H%M%S)"
BASE="$RESULTS_DIR/$STAMP-f-parley"

tag_json() {
  jq -c --arg runId "$RUN_ID" --argjson round "$ROUND" --arg startedAt "$STARTED_AT" --arg gitSha "$GIT_SHA" \
    --arg heap "$PARLEY_APP_HEAP" --argjson loops "$EDGE_EVENT_LOOPS" \
    '. + {scenario: "f", server: "parley", round: $round, runId: $runId, startedAt: $startedAt, gitSha: $gitSha,
          parleyHeap: $heap, edgeEventLoops: $loops, pinned: false}' <<<"$1"
}

record_failure() {
  mkdir -p "$RESULTS_DIR"
  tag_json "$(jq -cn --arg reason "$1" '{"mode": "persister", "label": "scenario-f/parley", "ok": false, "runFailed": true,
    "reason": $reason}')" >>"$RESULTS_DIR/results.jsonl"
  RECORDED=1
}

stop_started() {
  local i svc
  for ((i = ${#SERVICES_STARTED[@]} - 1; i >= 0; i--)); do
    svc="${SERVICES_STARTED[$i]}"
    case "$svc" in
      app:*) "$REPO_DIR/stack/app.sh" stop --name "${svc#app:}" || true ;;
      *) "$REPO_DIR/stack/$svc.sh" stop || true ;;
    esac
  done
  SERVICES_STARTED=()
}

on_exit() {
  local status=$?
  stop_started
  if [[ "$RECORDED" != 1 ]]; then
    [[ "$status" == 0 ]] && status=1
    record_failure "${FAIL_REASON:-bench/persister.sh stopped with status $status before a result}" || true
    exit "$status"
  fi
}
trap on_exit EXIT
trap 'FAIL_REASON="${FAIL_REASON:-interrupted}"; exit 130' INT TERM

step() {
  FAIL_REASON="$1 failed"
  echo "--- $1"
}

start_stack() {
  local svc
  for svc in redis postgres kafka; do
    "$REPO_DIR/stack/$svc.sh" reset >/dev/null 2>&1 || true
  done
  for svc in redis postgres kafka; do
    step "starting $svc (stack/$svc.sh start, port from PARLEY_*_PORT)"
    SERVICES_STARTED+=("$svc")
    "$REPO_DIR/stack/$svc.sh" start
  done
  step "creating the topics (stack/kafka.sh topics)"
  "$REPO_DIR/stack/kafka.sh" topics
}

start_apps() {
  step "starting chat-persister on $PERSISTER_PORT"
  SERVICES_STARTED+=("app:bench-persister")
  "$REPO_DIR/stack/app.sh" start --module chat-persister --name bench-persister --port "$PERSISTER_PORT" -- \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.oidc.tenant-enabled=false -Dquarkus.log.level=WARN \
    ${BENCH_F_PERSISTER_JVM_ARGS:-}
  step "starting chat-edge on $EDGE_PORT"
  SERVICES_STARTED+=("app:bench-edge")
  PARLEY_AUTH_MODE=insecure-dev QUARKUS_PROFILE=insecure-dev "$REPO_DIR/stack/app.sh" start --module chat-edge \
    --name bench-edge --port "$EDGE_PORT" -- -Dquarkus.http.host=127.0.0.1 -Dparley.auth.mode=insecure-dev \
    -Dquarkus.oidc.tenant-enabled=false -Dparley.ratelimit.enabled=false \
    -Dparley.chat.send-rate-per-second=1000000 -Dparley.chat.send-burst=1000000 \
    -Dparley.limits.handshake.rate=1000000 -Dparley.limits.handshake.burst=1000000 \
    -Dparley.limits.connections-per-ip=1000000 -Dparley.limits.connections-per-user=1000 \
    -Dparley.presence.enabled=false -Dquarkus.log.level=WARN -Dquarkus.shutdown.delay-enabled=false \
    -Dquarkus.vertx.event-loops-pool-size="$EDGE_EVENT_LOOPS" \
    ${BENCH_F_EDGE_JVM_ARGS:-}
}

bench_java() {
  local main="$1" out="$2"; shift 2
  local cp status
  cp="$REPO_DIR/chat-persister/target/test-classes:$REPO_DIR/chat-persister/target/classes:$(cat "$CLASSPATH_FILE")"
  set +e
  java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager "$@" -cp "$cp" \
    "io.parley.persister.bench.$main" 2>&1 | tee "$out"
  status="${PIPESTATUS[0]}"
  set -e
  return "$status"
}

main() {
  mkdir -p "$RESULTS_DIR"
  step "building"
  build
  echo "scenario f against parley: stack in $PARLEY_STACK_HOME (redis $PARLEY_REDIS_PORT, postgres $PARLEY_PG_PORT, kafka $PARLEY_KAFKA_PORT), persister $PERSISTER_PORT, edge $EDGE_PORT"
  start_stack
  start_apps

  local tput="$BASE.throughput.txt" e2e="$BASE.edge-to-row.txt" tput_status=0 e2e_status=0
  step "PersisterThroughput ($MESSAGES messages, then $LATENCY_MESSAGES at $RATE msg/s)"
  bench_java PersisterThroughput "$tput" -Dbench.messages="$MESSAGES" -Dbench.rooms=100 -Dbench.body=100 \
    -Dbench.latency.messages="$LATENCY_MESSAGES" -Dbench.latency.rate="$RATE" \
    -Dbench.warmup.messages="$WARMUP_MESSAGES" -Dbench.warmup.max.seconds="$WARMUP_MAX_E2E" \
    -Dbench.persister.pid="$(cat "$PARLEY_STACK_HOME/bench-persister/pid" 2>/dev/null || true)" || tput_status=$?
  step "EdgeToRowLatency ($RATE msg/s, warm-up $WARMUP_E2E-$WARMUP_MAX_E2E s until the edge's JIT settles, then $SECONDS_E2E s over $SOCKETS sockets)"
  bench_java EdgeToRowLatency "$e2e" -Dbench.edge="http://127.0.0.1:$EDGE_PORT" -Dbench.rate="$RATE" \
    -Dbench.seconds="$SECONDS_E2E" -Dbench.warmup.seconds="$WARMUP_E2E" \
    -Dbench.warmup.max.seconds="$WARMUP_MAX_E2E" -Dbench.sockets="$SOCKETS" -Dbench.body=100 \
    -Dbench.edge.pid="$(cat "$PARLEY_STACK_HOME/bench-edge/pid" 2>/dev/null || true)" \
    -Dbench.persister.pid="$(cat "$PARLEY_STACK_HOME/bench-persister/pid" 2>/dev/null || true)" || e2e_status=$?

  # the services' own view (Kafka send timer, refusals, batch sizes and times), kept beside the programs' output
  curl -sf "http://127.0.0.1:$EDGE_PORT/q/metrics" >"$BASE.edge-metrics.txt" 2>/dev/null || true
  curl -sf "http://127.0.0.1:$PERSISTER_PORT/q/metrics" >"$BASE.persister-metrics.txt" 2>/dev/null || true
  step "reading the programs' output"
  local json
  json="$(java -cp "$REPORT_JAR" io.parley.bench.report.PersisterOutput --throughput "$tput" --edge-to-row "$e2e" \
    --throughput-status "$tput_status" --edge-to-row-status "$e2e_status" --rate "$RATE")"
  tag_json "$json" >>"$RESULTS_DIR/results.jsonl"
  RECORDED=1
  echo "RESULT_JSON $json"
  stop_started
  echo "results: $tput $e2e $BASE.edge-metrics.txt $BASE.persister-metrics.txt"
  [[ "$tput_status" == 0 && "$e2e_status" == 0 ]]
}

main
