#!/usr/bin/env bash
# Build step (run by Maven in generate-resources): installs the socket.io-client version pinned in
# package-lock.json from the npm registry and copies its browser bundles to the directory given as
# $1, from where chat-edge serves them at <path>/socket.io.min.js like the Node.js server does.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$1"
command -v npm >/dev/null || { echo "package-bundle.sh: npm is required to package the socket.io-client bundle (apt-get install nodejs npm)" >&2; exit 1; }
if [ ! -f "$here/node_modules/socket.io-client/package.json" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
mkdir -p "$out"
for f in socket.io.min.js socket.io.min.js.map socket.io.js socket.io.js.map socket.io.esm.min.js socket.io.esm.min.js.map; do
  cp "$here/node_modules/socket.io-client/dist/$f" "$out/$f"
done
node -p "require('$here/node_modules/socket.io-client/package.json').version" > "$out/VERSION"
