#!/usr/bin/env bash
# Installs the dependencies of the bring-your-own authorizer fixtures in
# tests/fixtures/authorizers/ (used by tests/it/byo_authorizers.rs), the way their users would:
#   node-classic/   npm ci --omit=dev            -> node-classic/node_modules/
#   python-pyjwt/   pip install --target package -> python-pyjwt/package/ (zipped beside app.py)
#   provided-shell/ nothing to install (bash, curl, openssl)
# Both installs are git-ignored. Idempotent: an install whose inputs (lockfile, requirements,
# tool versions) have not changed since the last run is kept as it is.
# With OUT, also writes the three deployable zips there (node-classic.zip, python-pyjwt.zip,
# provided-shell.zip), e.g. for `authgate setup --authorizer` or `aws lambda update-function-code`.
# Prints how long each step took.
set -euo pipefail
cd "$(dirname "$0")/.."
FIXTURES=tests/fixtures/authorizers
OUT=${1:-}
# The python3 the sandbox runs python3.x functions on; its pip, or the .venv's (same version).
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -m pip --version >/dev/null 2>&1 && [ -x .venv/bin/python ]; then
  PYTHON=.venv/bin/python
fi

say() { printf '==> %s\n' "$*"; }
now_ms() { date +%s%3N; }
took() { printf '    %s: %d.%03d s\n' "$1" $((($(now_ms) - $2) / 1000)) $((($(now_ms) - $2) % 1000)); }
# The inputs an install depends on, as one line; a stamp file keeps the last installed one.
inputs() { cat "$@" | sha256sum | cut -d' ' -f1; }

start_all=$(now_ms)

node_dir=$FIXTURES/node-classic
node_inputs="$(inputs "$node_dir/package-lock.json") node $(node --version) npm $(npm --version)"
node_stamp=$node_dir/node_modules/.authgate-fixture-inputs
if [ -f "$node_stamp" ] && [ "$(cat "$node_stamp")" = "$node_inputs" ]; then
  say "node-classic: node_modules is up to date"
else
  say "node-classic: npm ci --omit=dev"
  start=$(now_ms)
  (cd "$node_dir" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
  printf '%s\n' "$node_inputs" >"$node_stamp"
  took "npm ci" "$start"
fi

py_dir=$FIXTURES/python-pyjwt
py_version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
py_inputs="$(inputs "$py_dir/requirements.txt") python $py_version"
py_stamp=$py_dir/package/.authgate-fixture-inputs
if [ -f "$py_stamp" ] && [ "$(cat "$py_stamp")" = "$py_inputs" ]; then
  say "python-pyjwt: package/ is up to date (python $py_version)"
else
  say "python-pyjwt: pip install --target package (python $py_version)"
  start=$(now_ms)
  rm -rf "$py_dir/package"
  # Wheels for the python3 that runs the function (the sandbox runs python3.x on it).
  "$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-compile \
    --only-binary=:all: --target "$py_dir/package" -r "$py_dir/requirements.txt"
  printf '%s\n' "$py_inputs" >"$py_stamp"
  took "pip install" "$start"
fi

shell_dir=$FIXTURES/provided-shell
chmod 755 "$shell_dir/bootstrap"
for tool in bash curl openssl; do
  command -v "$tool" >/dev/null || { echo "provided-shell's bootstrap needs $tool on PATH" >&2; exit 1; }
done
say "provided-shell: bootstrap is executable (bash, curl, openssl found)"

if [ -n "$OUT" ]; then
  say "zips in $OUT"
  start=$(now_ms)
  mkdir -p "$OUT"
  out=$(cd "$OUT" && pwd)
  rm -f "$out"/{node-classic,python-pyjwt,provided-shell}.zip
  # python's zipfile keeps each file's unix mode (bootstrap stays executable); its -c puts
  # each named path at the zip's root, which for package/* is what AWS's docs describe.
  (cd "$node_dir" && "$PYTHON" -m zipfile -c "$out/node-classic.zip" index.js lib.js \
    package.json node_modules)
  (cd "$py_dir" && "$PYTHON" -m zipfile -c "$out/python-pyjwt.zip" \
    app.py package/*)
  (cd "$shell_dir" && "$PYTHON" -m zipfile -c "$out/provided-shell.zip" bootstrap)
  took "zips" "$start"
fi
took "build-authorizer-fixtures" "$start_all"
