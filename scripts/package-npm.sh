#!/usr/bin/env bash
# Packs an authgate binary as its platform's npm package (@authgate/<os>-<cpu>[-musl]) plus
# the `authgate` launcher package, as .tgz files ready for `npm install` or `npm publish`.
# Prints the two tarball paths on stdout (launcher first); everything else goes to stderr.
# See RELEASING.md for building every platform's binary.
set -euo pipefail

usage() {
  cat >&2 <<'EOF'
usage: scripts/package-npm.sh --binary PATH --out DIR [--version V] [--target TRIPLE]
                              [--strip] [--allow-glibc-newer]

  --binary PATH          the authgate binary to pack
  --out DIR              where the .tgz files go (created if missing)
  --version V            package version (default: the version in Cargo.toml)
  --target TRIPLE        the binary's Rust target (default: this machine's), one of
                         the keys of npm/authgate/lib/platforms.json
  --strip                pack a stripped copy (for debug builds; release builds strip at link)
  --allow-glibc-newer    DEVELOPMENT ONLY: pack a linux-gnu binary that needs a glibc newer
                         than 2.17; the platform package is marked private so it cannot be
                         published
EOF
  exit 2
}

root=$(cd "$(dirname "$0")/.." && pwd)
max_glibc=2.17
binary='' out='' version='' target='' strip=0 allow_newer=0
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --version) version=${2:?}; shift 2 ;;
    --target) target=${2:?}; shift 2 ;;
    --strip) strip=1; shift ;;
    --allow-glibc-newer) allow_newer=1; shift ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
[ -n "$binary" ] && [ -n "$out" ] || usage
[ -f "$binary" ] || { echo "no such binary: $binary" >&2; exit 1; }
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "node and npm are needed to pack (Node.js 18+)" >&2; exit 1
fi

if [ -z "$version" ]; then
  version=$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' "$root/Cargo.toml" | head -n1)
  [ -n "$version" ] || { echo "could not read the version from Cargo.toml" >&2; exit 1; }
fi

host_target() {
  local cpu
  case "$(uname -m)" in
    x86_64|amd64) cpu=x86_64 ;;
    aarch64|arm64) cpu=aarch64 ;;
    *) echo "unsupported machine $(uname -m); pass --target" >&2; exit 1 ;;
  esac
  case "$(uname -s)" in
    Linux)
      if ldd --version 2>&1 | grep -qi musl; then echo "$cpu-unknown-linux-musl"
      else echo "$cpu-unknown-linux-gnu"; fi ;;
    Darwin) echo "$cpu-apple-darwin" ;;
    MINGW*|MSYS*|CYGWIN*) echo "$cpu-pc-windows-msvc" ;;
    *) echo "unsupported system $(uname -s); pass --target" >&2; exit 1 ;;
  esac
}
[ -n "$target" ] || target=$(host_target)
# shellcheck disable=SC2016 # a JavaScript template literal
node -e 'const t = require(process.argv[1]); if (!t[process.argv[2]]) {
  console.error(`unknown target ${process.argv[2]}; known: ${Object.keys(t).join(", ")}`); process.exit(2); }' \
  "$root/npm/authgate/lib/platforms.json" "$target"

# An objdump that can read this binary: the host's binutils, else LLVM's (any architecture).
objdump_for() {
  local tool
  for tool in objdump llvm-objdump; do
    if command -v "$tool" >/dev/null && "$tool" -f "$1" >/dev/null 2>&1; then echo "$tool"; return; fi
  done
  echo "cannot read $1 with objdump or llvm-objdump (install binutils-multiarch or llvm)" >&2
  exit 1
}

dev_note=''
check_linux_binary() {
  local dump arch newest
  dump=$(objdump_for "$binary")
  arch=$("$dump" -f "$binary" | sed -n 's/.*architecture: *\([^,]*\).*/\1/p')
  case "$target:$arch" in
    x86_64-*:*x86-64*|x86_64-*:*x86_64*|aarch64-*:*aarch64*) ;;
    *) echo "$binary is built for '$arch', not for $target" >&2; exit 1 ;;
  esac
  newest=$("$dump" -T "$binary" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1 || true)
  if [[ $target == *-musl ]]; then
    [ -z "$newest" ] || { echo "$binary links glibc (GLIBC_$newest); a $target binary must not" >&2; exit 1; }
    return
  fi
  # Only glibc's own libraries and libgcc_s are on every distribution; anything else
  # (libssl, libxcb, ...) would make the binary fail to start where it is missing.
  local extra
  extra=$("$dump" -p "$binary" | sed -n 's/^ *NEEDED *//p' \
    | grep -vE '^(libc|libm|libdl|libpthread|librt|libutil)\.so\.[0-9]+$|^libgcc_s\.so\.1$|^ld-linux-(x86-64|aarch64)\.so\.[0-9]+$' || true)
  if [ -n "$extra" ]; then
    echo "$binary needs shared libraries that are not part of glibc: $(echo "$extra" | tr '\n' ' ')" >&2
    exit 1
  fi
  if [ -z "$newest" ] || [ "$(printf '%s\n%s\n' "$newest" "$max_glibc" | sort -V | tail -n1)" = "$max_glibc" ]; then
    echo "glibc check: newest symbol version GLIBC_${newest:-none} <= GLIBC_$max_glibc" >&2
    return
  fi
  if [ "$allow_newer" = 0 ]; then
    cat >&2 <<EOF
$binary needs GLIBC_$newest, newer than GLIBC_$max_glibc: it would not start on Amazon Linux 2,
RHEL/CentOS 7 or other older distributions. Build release binaries against glibc $max_glibc with
cargo-zigbuild (it uses zig as the linker and brings its own glibc stubs):
    pip install cargo-zigbuild
    cargo zigbuild --release --target ${target}.$max_glibc
(For a local test of the packaging only, pass --allow-glibc-newer.)
EOF
    exit 1
  fi
  dev_note="development build: needs GLIBC_$newest, not for publishing"
  cat >&2 <<EOF
################################################################################
# WARNING --allow-glibc-newer: packing a binary that needs GLIBC_$newest (> $max_glibc).
# It will not run on older distributions. The platform package is marked
# "private": true, so npm publish refuses it. For local tests only.
################################################################################
EOF
}
# The file format must fit the target: ELF for Linux, Mach-O for macOS, PE for Windows.
magic=$(od -An -tx1 -N4 "$binary" | tr -d ' \n')
case "$target:$magic" in
  *-linux-*:7f454c46) check_linux_binary ;;
  *-apple-darwin:cffaedfe|*-apple-darwin:cafebabe) ;;
  *-windows-*:4d5a*) ;;
  *) echo "$binary is not a $target executable (its first bytes: $magic)" >&2; exit 1 ;;
esac

stage=$(mktemp -d "${TMPDIR:-/tmp}/authgate-npm.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/launcher/bin" "$stage/launcher/lib" "$stage/platform/bin" "$out"
out=$(cd "$out" && pwd)

cp "$root/npm/authgate/bin/authgate" "$stage/launcher/bin/authgate"
cp "$root/npm/authgate/lib/platform.js" "$root/npm/authgate/lib/platforms.json" "$stage/launcher/lib/"
cp "$root/npm/authgate/README.md" "$stage/launcher/README.md"
chmod 755 "$stage/launcher/bin/authgate"
bin_name=$(node "$root/npm/write-manifests.mjs" "$target" "$version" "$stage/launcher" "$stage/platform" "$dev_note")

if [ "$strip" = 1 ]; then
  strip -o "$stage/platform/bin/$bin_name" "$binary" 2>/dev/null \
    || llvm-strip -o "$stage/platform/bin/$bin_name" "$binary" \
    || { echo "could not strip $binary" >&2; exit 1; }
else
  cp "$binary" "$stage/platform/bin/$bin_name"
fi
chmod 755 "$stage/platform/bin/$bin_name"

pack() {
  local file
  file=$(cd "$out" && npm pack --loglevel=error --json "$1" | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].filename))')
  echo "packed $out/$file ($(du -h "$out/$file" | cut -f1))" >&2
  echo "$out/$file"
}
echo "authgate $version for $target" >&2
pack "$stage/launcher"
pack "$stage/platform"
