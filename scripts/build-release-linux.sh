#!/usr/bin/env bash
# Builds authgate's Linux release binaries with cargo-zigbuild: zig links against glibc 2.17's
# symbol list (Amazon Linux 2, RHEL/CentOS 7 and newer) or builds static musl binaries.
# The release workflow (.github/workflows/release.yml) calls it; RELEASING.md has the rest.
#
#   scripts/build-release-linux.sh [--out DIR] [TARGET...]
#
# TARGET is a Rust target, `.2.17` appended for glibc ones as cargo-zigbuild spells it;
# default: x86_64-unknown-linux-gnu.2.17. Each binary is stripped at link time and copied
# to DIR/<target without .2.17>/authgate (default DIR: dist/bin). For a glibc target it then
# prints the newest GLIBC symbol version the binary needs (objdump -T) and fails above 2.17.
# Needs cargo-zigbuild and zig on PATH (pip install cargo-zigbuild==0.24.0 ziglang==0.17.0)
# and rustup for targets other than the host's. CARGO_TARGET_DIR is honoured.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
max_glibc=2.17
out="$root/dist/bin"
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" >&2; exit 0 ;;
    -*) echo "unknown option: $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ "${#targets[@]}" -gt 0 ] || targets=(x86_64-unknown-linux-gnu.2.17)

command -v cargo-zigbuild >/dev/null || {
  echo "cargo-zigbuild is not on PATH: pip install cargo-zigbuild==0.24.0 ziglang==0.17.0" >&2
  exit 1
}
mkdir -p "$out"
out=$(cd "$out" && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
export CARGO_PROFILE_RELEASE_STRIP=symbols

newest_glibc() {
  objdump -T "$1" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1 || true
}

for spec in "${targets[@]}"; do
  triple=${spec%.2.*}
  if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx "$triple"; then
    rustup target add "$triple"
  fi
  start=$SECONDS
  echo "==> cargo zigbuild --release --locked --target $spec" >&2
  (cd "$root" && cargo zigbuild --release --locked --target "$spec")
  mkdir -p "$out/$triple"
  cp "$target_dir/$triple/release/authgate" "$out/$triple/authgate"
  echo "built $out/$triple/authgate ($(du -h "$out/$triple/authgate" | cut -f1)) in $((SECONDS - start)) s" >&2
  case "$triple" in
    *-linux-gnu)
      if command -v objdump >/dev/null; then
        newest=$(newest_glibc "$out/$triple/authgate")
        echo "newest glibc symbol version: GLIBC_${newest:-none}" >&2
        if [ -n "$newest" ] && [ "$(printf '%s\n%s\n' "$newest" "$max_glibc" | sort -V | tail -n1)" != "$max_glibc" ]; then
          echo "$out/$triple/authgate needs GLIBC_$newest, newer than GLIBC_$max_glibc" >&2
          exit 1
        fi
      fi ;;
  esac
done
