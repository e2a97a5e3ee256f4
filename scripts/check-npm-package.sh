#!/usr/bin/env bash
# CI check of the npm package: packs the debug binary the tests built, installs the two
# tarballs offline into a temporary prefix, then runs `npx --offline authgate --version` and,
# through the installed launcher, `authgate --sandbox setup --yes` in an empty directory.
# Runs the launcher's unit tests first. No registry access. Bounded (every step has a timeout) and self-cleaning.
#
#   scripts/check-npm-package.sh [--binary PATH]   (default: $CARGO_TARGET_DIR/debug/authgate)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
binary="${CARGO_TARGET_DIR:-$root/target}/debug/authgate"
if [ "${1:-}" = --binary ]; then binary=${2:?--binary needs a path}; fi
[ -x "$binary" ] || { echo "no binary at $binary: run cargo build (or cargo test) first" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/authgate-npm-check.XXXXXX")
# Any process still running from the temporary tree was started by this check: end it by pid.
leftovers() {
  local p link
  for p in /proc/[0-9]*; do
    for link in "$p/cwd" "$p/exe"; do
      if [[ $(readlink "$link" 2>/dev/null) == "$tmp"* ]]; then echo "${p#/proc/}"; break; fi
    done
  done
}
cleanup() {
  local pid
  for pid in $(leftovers); do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

export npm_config_cache="$tmp/npm-cache" npm_config_update_notifier=false \
  npm_config_fund=false npm_config_audit=false
unset AUTHGATE_BINARY AWS_ENDPOINT_URL
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
step() { printf '  npm package: %s\n' "$*"; }

timeout 60 node --test "$root/npm/authgate/test/platform.test.js" >"$tmp/unit.log" 2>&1 \
  || { cat "$tmp/unit.log" >&2; echo "the launcher's unit tests failed" >&2; exit 1; }
step "launcher unit tests pass (node --test npm/authgate/test/platform.test.js)"

version=$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' "$root/Cargo.toml" | head -n1)

# A debug build links against this machine's glibc (newer than 2.17), so the check packs it
# with --allow-glibc-newer: the packaging is what is under test, not the release build. The
# script prints a warning banner and marks that tarball private (unpublishable).
t=$(date +%s%N)
mapfile -t tarballs < <(timeout 300 "$root/scripts/package-npm.sh" --binary "$binary" \
  --out "$tmp/dist" --version "$version" --strip --allow-glibc-newer 2>"$tmp/pack.log") \
  || { cat "$tmp/pack.log" >&2; exit 1; }
[ "${#tarballs[@]}" = 2 ] || { cat "$tmp/pack.log" >&2; echo "expected 2 tarballs" >&2; exit 1; }
grep -q 'WARNING --allow-glibc-newer' "$tmp/pack.log" && step "(debug binary packed with --allow-glibc-newer: a test tarball, marked private)"
step "packed $(basename "${tarballs[0]}") $(du -k "${tarballs[0]}" | cut -f1) KiB," \
  "$(basename "${tarballs[1]}") $(du -k "${tarballs[1]}" | cut -f1) KiB in $(ms_since "$t") ms"

t=$(date +%s%N)
mkdir -p "$tmp/prefix"
timeout 300 npm install --offline --no-save --loglevel=error --prefix "$tmp/prefix" "${tarballs[@]}" \
  >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log" >&2; echo "offline npm install failed" >&2; exit 1; }
step "installed offline into a temporary prefix in $(ms_since "$t") ms"

t=$(date +%s%N)
got=$(cd "$tmp/prefix" && timeout 60 npx --offline authgate --version)
[ "$got" = "authgate $version" ] || { echo "npx authgate --version printed '$got', expected 'authgate $version'" >&2; exit 1; }
step "npx --offline authgate --version → $got ($(ms_since "$t") ms)"

t=$(date +%s%N)
mkdir -p "$tmp/work"
rc=0
(cd "$tmp/work" && PATH="$tmp/prefix/node_modules/.bin:$PATH" timeout 240 authgate --sandbox setup --yes \
  </dev/null >"$tmp/setup.out" 2>"$tmp/setup.err") || rc=$?
if [ "$rc" != 0 ] || ! grep -q 'actions done' "$tmp/setup.out"; then
  cat "$tmp/setup.out" >&2; tail -n 40 "$tmp/setup.err" >&2
  echo "authgate --sandbox setup --yes through the npm launcher failed (exit $rc)" >&2; exit 1
fi
step "authgate --sandbox setup --yes → $(head -n1 "$tmp/setup.out") ($(ms_since "$t") ms)"

# The in-process sandbox stops with the command: nothing may keep running or keep serving.
sleep 0.2
left=$(leftovers | tr '\n' ' ')
[ -z "$left" ] || { ps -o pid,args -p "${left// /,}" >&2 || true; echo "processes left running: $left" >&2; exit 1; }
[ ! -e "$tmp/work/.authgate/sandbox/endpoint.json" ] || { echo "the sandbox left endpoint.json behind" >&2; exit 1; }
step "ok (nothing left running)"
