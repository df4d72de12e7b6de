#!/usr/bin/env bash
# Parley benchmark suite: rounds of one scenario (or of all of them) against every server, then the report.
#
#   bench/suite.sh <scenario|all> [rounds]      rounds: default $BENCH_ROUNDS or 3
#   bench/suite.sh report [run-id|all]          only render docs/performance.md from results.jsonl
#
# scenario (see bench/run.sh for what each one runs):
#   a, b, d, e   node, netty-socketio and parley
#   c, c-sat     node (Redis adapter) and parley (two nodes on Redis); netty-socketio has no Redis variant
#   d50k         parley only: 50 000 idle connections on one node (refused, and recorded as failed with the
#                reason, when this machine's open-file limit or ephemeral port range cannot hold them)
#   f            parley only: persister throughput and send-to-row latency (bench/persister.sh)
#   all          a b c c-sat d e f (plus d50k when BENCH_D50K=1), then the report
#
# Each round runs every server of the scenario once, on freshly started servers, in alternating order
# (round 1: node netty-socketio parley, round 2: parley netty-socketio node, ...). Every result line in
# bench/results/results.jsonl carries scenario, server, round and the run id (BENCH_RUN_ID, default the
# suite's start time, shared by all scenarios of one invocation). A run that fails is recorded as failed with
# its reason and the suite goes on; the exit status is 1 if any run failed.
#
# Durations: BENCH_DURATION (10s) measured after BENCH_WARMUP (60s) per run of a and b (at 20 s Parley's C2 still
# compiled hot methods on the server's only core, in bursts of 10-50 ms that stalled its event loop: (a) p99 14-30 ms
# after 20 s, 5-6 ms after 60 s, with the JIT's share of the window about 1 % either way), BENCH_CLUSTER_WARMUP (90s) in c and
# c-sat, the same for every server (a JVM's JIT compilers need that long on a core shared with the other
# processes of the run: one edge's C2 took 22-27 % of the core for the first 45 s of c-sat, with two edges and
# Redis on that core; the load generator reports the server's JIT share of the measured window as
# serverJitCpuPct, and warns above 10 %; a server runs for days); BENCH_STORM_WARMUP (90s) of storm before e's
# measured window, for every server (each handshake runs through much of a JVM server's HTTP and WebSocket code:
# 20 s into a storm Parley's compilers still took 44 % of its core, netty-socketio's 30 %; after 90 s both under
# 1 %); d holds its connections for BENCH_DURATION. A run takes about 10-15 s more than BENCH_DURATION + BENCH_WARMUP (server start, connects,
# drain, stop); a round of f about 2 minutes (fresh Redis, PostgreSQL, Kafka, persister and edge). With the
# defaults `all` with 3 rounds takes about 75 minutes on a quiet 2-core machine; BENCH_F_ROUNDS (default: rounds)
# sets f's rounds apart.
# Every other knob of bench/run.sh and bench/persister.sh is passed through (ports, heap, clients, ...).
# BENCH_REPORT=0 skips the report at the end of `all`.
set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
RESULTS_DIR="${BENCH_RESULTS_DIR:-$BENCH_DIR/results}"
REPORT_JAR="$BENCH_DIR/report/target/report.jar"
export BENCH_DURATION="${BENCH_DURATION:-10s}"
export BENCH_WARMUP="${BENCH_WARMUP:-60s}"
BENCH_CLUSTER_WARMUP="${BENCH_CLUSTER_WARMUP:-90s}"
BENCH_STORM_WARMUP="${BENCH_STORM_WARMUP:-90s}"
export BENCH_RUN_ID="${BENCH_RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)}"
export BENCH_RESULTS_DIR="$RESULTS_DIR"

usage() {
  sed -n '2,/^set /{/^set /d;p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 64
}

TARGET="${1:-}"
ROUNDS="${BENCH_ROUNDS:-3}"
[[ "$TARGET" != report ]] && ROUNDS="${2:-$ROUNDS}"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || usage

servers_of() {
  case "$1" in
    a|b|d|e) echo "node netty-socketio parley" ;;
    c|c-sat) echo "node parley" ;;
    d50k|f) echo "parley" ;;
    *) return 1 ;;
  esac
}

# Builds once what every run needs, so a run does not build in the middle of a measurement.
build_all() {
  if [[ "${BENCH_SKIP_BUILD:-0}" == 1 ]]; then
    return 0
  fi
  if [[ ! -f "$BENCH_DIR/loadgen/target/loadgen.jar" || ! -f "$BENCH_DIR/netty-socketio-server/target/netty-socketio-server.jar" \
        || ! -f "$REPORT_JAR" ]]; then
    echo "building the bench tools (load generator, netty-socketio server, report)..."
    (cd "$BENCH_DIR" && mvn -q -B package -DskipTests) || return 1
  fi
  if [[ ! -d "$BENCH_DIR/node-server/node_modules" ]]; then
    (cd "$BENCH_DIR/node-server" && npm ci --no-audit --no-fund) || return 1
  fi
  if [[ ! -f "$REPO_DIR/chat-edge/target/quarkus-app/quarkus-run.jar" \
        || ! -f "$REPO_DIR/chat-persister/target/quarkus-app/quarkus-run.jar" ]]; then
    echo "packaging chat-edge and chat-persister..."
    (cd "$REPO_DIR" && ./mvnw -B -q -pl chat-events,chat-edge,chat-persister package -DskipTests) || return 1
  fi
}

FAILED_RUNS=0
INTERRUPTED=0
# Ctrl-C reaches the running run.sh too (it stops its servers and records the run); then the suite stops.
trap 'INTERRUPTED=1' INT TERM
command -v jq >/dev/null || { echo "bench/suite.sh needs jq (apt-get install jq)" >&2; exit 69; }

# Lines of results.jsonl for this run id, scenario, server and round.
count_lines() {
  [[ -f "$RESULTS_DIR/results.jsonl" ]] || { echo 0; return; }
  jq -c --arg r "$BENCH_RUN_ID" --arg s "$1" --arg v "$2" --argjson n "$3" \
    'select(.runId == $r and .scenario == $s and .server == $v and .round == $n)' \
    "$RESULTS_DIR/results.jsonl" 2>/dev/null | wc -l
}

# run_one SCENARIO SERVER ROUND
run_one() {
  local scenario="$1" server="$2" round="$3" status before
  echo
  echo "=== suite $BENCH_RUN_ID: scenario $scenario, server $server, round $round ($(date -u +%H:%M:%S) UTC) ==="
  before="$(count_lines "$scenario" "$server" "$round")"
  if [[ "$scenario" == f ]]; then
    BENCH_ROUND="$round" BENCH_SKIP_BUILD=1 "$BENCH_DIR/persister.sh"
  else
    BENCH_ROUND="$round" BENCH_SKIP_BUILD=1 "$BENCH_DIR/run.sh" "$scenario" "$server"
  fi
  status=$?
  if [[ "$(count_lines "$scenario" "$server" "$round")" == "$before" ]]; then
    # the run could not even record its failure: the suite does it
    mkdir -p "$RESULTS_DIR"
    jq -cn --arg s "$scenario" --arg v "$server" --argjson n "$round" --arg r "$BENCH_RUN_ID" --argjson st "$status" \
      '{"mode": "failed", "label": ("scenario-" + $s + "/" + $v), "ok": false, "runFailed": true, "scenario": $s,
        "server": $v, "round": $n, "runId": $r, "reason": ("the run exited with status \($st) without recording a result")}' \
      >>"$RESULTS_DIR/results.jsonl"
    [[ "$status" == 0 ]] && status=1
  fi
  if [[ "$status" == 130 || "$INTERRUPTED" == 1 ]]; then
    echo "interrupted: the suite stops here (the interrupted run is recorded as failed)" >&2
    exit 130
  fi
  if [[ "$status" != 0 ]]; then
    FAILED_RUNS=$((FAILED_RUNS + 1))
    echo "--- scenario $scenario / $server round $round failed (status $status); recorded in results.jsonl, going on"
  fi
}

run_scenario() {
  local scenario="$1" servers round order
  servers="$(servers_of "$scenario")" || usage
  if [[ "$scenario" == c || "$scenario" == c-sat ]]; then
    echo "scenario $scenario: netty-socketio has no Redis-backed variant in this suite; node (Redis adapter) and parley only"
  fi
  local rounds="$ROUNDS"
  [[ "$scenario" == f ]] && rounds="${BENCH_F_ROUNDS:-$ROUNDS}"
  for ((round = 1; round <= rounds; round++)); do
    # alternate the order: A B C, then C B A, ...
    if ((round % 2 == 1)); then
      order="$servers"
    else
      order="$(tr ' ' '\n' <<<"$servers" | tac | tr '\n' ' ')"
    fi
    for server in $order; do
      if [[ "$scenario" == c || "$scenario" == c-sat ]]; then
        BENCH_WARMUP="$BENCH_CLUSTER_WARMUP" run_one "$scenario" "$server" "$round"
      elif [[ "$scenario" == e ]]; then
        BENCH_WARMUP="$BENCH_STORM_WARMUP" run_one "$scenario" "$server" "$round"
      else
        run_one "$scenario" "$server" "$round"
      fi
    done
  done
}

render_report() {
  local selection="${1:-}"
  local args=(--results "$RESULTS_DIR/results.jsonl" --out "$REPO_DIR/docs/performance.md"
    --images "$REPO_DIR/docs/img" --repo "$REPO_DIR")
  case "$selection" in
    "") ;;
    all) args+=(--all) ;;
    *) args+=(--run-id "$selection") ;;
  esac
  if [[ ! -f "$REPORT_JAR" ]]; then
    (cd "$BENCH_DIR" && mvn -q -B package -DskipTests) || return 1
  fi
  java -Djava.awt.headless=true -jar "$REPORT_JAR" "${args[@]}"
}

case "$TARGET" in
  report)
    render_report "${2:-}"
    exit $?
    ;;
  all)
    build_all || { echo "build failed" >&2; exit 1; }
    scenarios=(a b c c-sat d e f)
    [[ "${BENCH_D50K:-0}" == 1 ]] && scenarios=(a b c c-sat d d50k e f)
    echo "suite $BENCH_RUN_ID: scenarios ${scenarios[*]}, $ROUNDS round(s), $BENCH_DURATION after $BENCH_WARMUP warm-up"
    for s in "${scenarios[@]}"; do
      run_scenario "$s"
    done
    if [[ "${BENCH_REPORT:-1}" != 0 ]]; then
      render_report "$BENCH_RUN_ID" || FAILED_RUNS=$((FAILED_RUNS + 1))
    fi
    ;;
  *)
    servers_of "$TARGET" >/dev/null || usage
    build_all || { echo "build failed" >&2; exit 1; }
    run_scenario "$TARGET"
    ;;
esac

echo
echo "suite $BENCH_RUN_ID done in $((SECONDS / 60)) min $((SECONDS % 60)) s: $FAILED_RUNS run(s) without a result; results in $RESULTS_DIR/results.jsonl"
[[ "$FAILED_RUNS" == 0 ]]
