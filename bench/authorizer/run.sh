#!/usr/bin/env bash
# Benchmarks the bundled authorizer against jose- and jwks-rsa+jsonwebtoken-based ones.
# Usage: bash bench/authorizer/run.sh   (from anywhere; needs node >= 20, npm, zip, cargo)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
(cd "$here" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
target="${CARGO_TARGET_DIR:-$root/target}"
(cd "$root" && cargo build --quiet --bin authgate)
# A private copy: a shared CARGO_TARGET_DIR may get another checkout's build meanwhile.
bin="$(mktemp -d)/authgate"
cp "$target/debug/authgate" "$bin"
trap 'rm -rf "$(dirname "$bin")"' EXIT
node "$here/bench.mjs" "$bin"
