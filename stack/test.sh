#!/usr/bin/env bash
# Runs every test of the project: starts the services the tests need, in a state folder and on
# ports of their own (so a running local stack is not disturbed), runs ./mvnw verify (unit tests,
# Quarkus tests, the npm socket.io-client end-to-end tests, the chart tests), then stops them.
#
#   stack/test.sh [extra Maven arguments]
set -euo pipefail
# shellcheck source=stack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export PARLEY_STACK_HOME="${PARLEY_TEST_STACK_HOME:-$REPO_ROOT/.stack-test}"
export PARLEY_REDIS_PORT="${PARLEY_TEST_REDIS_PORT:-6490}"
export QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$PARLEY_REDIS_PORT"

"$STACK_DIR/prereqs.sh"
# redis.sh reads PARLEY_STACK_HOME at load time: a fresh process per call
trap '"$STACK_DIR/redis.sh" stop || true' EXIT
"$STACK_DIR/redis.sh" reset >/dev/null 2>&1 || true
"$STACK_DIR/redis.sh" start
cd "$REPO_ROOT"
./mvnw -B verify "$@"
