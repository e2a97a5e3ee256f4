#!/usr/bin/env bash
# `authgate verify --batch --json` on COUNT distinct RS256 tokens, as a ratio of this machine's
# raw RSA-2048 verify rate (`openssl speed -seconds 5 rsa2048`, one core). DESIGN.md: ≥ 0.5.
#   bash bench/verify/run.sh BINARY          # COUNT=3000 RUNS=5 by default
# The rate is COUNT / wall time of the whole command (process start, JWKS file, stdin, every
# JSON line written); the median of RUNS runs. Prints `uptime` with the result.
# openssl speed divides by CPU (user) time unless given -elapsed; on a machine other builds
# share, only the wall-clock figure (-elapsed) sees the same load as ours, so both are printed.
set -euo pipefail
binary=$(realpath "$1")
count=${COUNT:-3000}
runs=${RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

node "$here/tokens.mjs" "$here/../../tests/fixtures/rsa-test-key.pem" "$count" "$work"
args=(verify --batch --json --issuer https://tenant.example/ --audience https://petstore.example
      --jwks-file "$work/jwks.json"
      --method-arn arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets)

uptime
openssl speed -seconds 5 rsa2048 2>/dev/null | tee "$work/openssl.txt" | tail -2
openssl_verify=$(awk '/^rsa 2048 bits/ { print $NF }' "$work/openssl.txt")
openssl speed -elapsed -seconds 5 rsa2048 2>/dev/null | tee "$work/openssl-elapsed.txt" | tail -1
openssl_elapsed=$(awk '/^rsa 2048 bits/ { print $NF }' "$work/openssl-elapsed.txt")

# Check once: one line per token, in order, every one allowed, every field there.
"$binary" "${args[@]}" < "$work/tokens.txt" > "$work/out.jsonl"
python3 - "$work/out.jsonl" "$count" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == int(sys.argv[2]), f"{len(lines)} lines for {sys.argv[2]} tokens"
fields = {"outcome", "reason", "message", "hint", "principal_id", "policy", "header", "claims",
          "method_arn", "method_arn_placeholder"}
for i, line in enumerate(lines):
    d = json.loads(line)
    assert fields <= d.keys(), f"line {i}: missing {fields - d.keys()}"
    assert d["outcome"] == "allow", f"line {i}: {d['outcome']} {d['reason']}"
    assert d["claims"]["jti"] == f"bench-{i}", f"line {i} out of order"
PY

times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$binary" "${args[@]}" < "$work/tokens.txt" > /dev/null
  times+=($(( $(date +%s%N) - start )))
done
median_ns=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
python3 - "$count" "$median_ns" "$openssl_verify" "${times[*]}" "$openssl_elapsed" <<'PY'
import sys
count, ns, openssl, all_ns = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
elapsed = float(sys.argv[5])
rate = count / (ns / 1e9)
print(f"runs (ms): {' '.join(f'{int(t) / 1e6:.1f}' for t in all_ns.split())}")
print(f"verify --batch --json: {count} tokens in {ns / 1e6:.1f} ms (median) = {rate:,.0f} tokens/s")
print(f"openssl speed rsa2048 verify: {openssl:,.0f} /s (CPU time), {elapsed:,.0f} /s (-elapsed)")
print(f"ratio: {rate / openssl:.2f} (vs CPU-time openssl), {rate / elapsed:.2f} (vs -elapsed, same load)")
PY
uptime
