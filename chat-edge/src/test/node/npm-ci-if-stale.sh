#!/usr/bin/env bash
# Build step (Maven, integration-test phase): installs the test dependencies pinned in
# package-lock.json with `npm ci`, but only when node_modules is missing or older than the lockfile.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v npm >/dev/null || { echo "npm-ci-if-stale.sh: Node.js 20+ and npm are required for the end-to-end tests (apt-get install nodejs npm), or skip them with -DskipNodeTests" >&2; exit 1; }
if [ ! -f "$here/node_modules/.package-lock.json" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ] \
   || [ "$here/package.json" -nt "$here/node_modules/.package-lock.json" ]; then
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
else
  echo "node e2e: node_modules is up to date"
fi
