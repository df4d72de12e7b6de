#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian/Ubuntu machine that has a JDK 17:
# Node.js and npm (the build packages the socket.io-client browser bundle; the end-to-end tests
# use the npm socket.io-client). Each package only when its command is missing.
set -euo pipefail
# shellcheck source=stack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v java >/dev/null || die "a JDK 17 is required (e.g. apt-get install openjdk-17-jdk-headless)"
ensure_cmd node nodejs
ensure_cmd npm npm
