#!/usr/bin/env bash
# The sandbox gateway's uncached path: authorizer TTL 0, so every request to the secured
# GET /pets is one real Lambda invocation of the bundled authorizer, then the PetStore
# integration. wrk at 1 and at 32 keep-alive connections; req/s, p50, p99.
#
# Usage: bash bench/gateway/uncached.sh BINARY [--duration SECONDS]   (default 10 s)
# BINARY is an authgate build (release for numbers). Needs wrk, jq, curl.
# WRK_THREADS (default 1): wrk threads; client, sandbox and node share the machine's cores.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage() { echo "usage: $0 BINARY [--duration SECONDS]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
bin="$(realpath "$1")"; shift
duration=10
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="${2:?}"; shift 2 ;;
    *) usage ;;
  esac
done
[[ -x "$bin" ]] || { echo "not an executable: $bin" >&2; exit 2; }
threads="${WRK_THREADS:-1}"
function_name=jwtRsaCustomAuthorizer
spot_requests=20

# shellcheck source=../sandbox-lib.sh
source "$here/../sandbox-lib.sh"
echo "binary: $bin ($("$bin" --version))"
date -u +"date: %Y-%m-%d %H:%M:%S UTC"
print_load

# TTL 0 before setup: setup takes the wizard's inputs from the state file's [inputs] table
# (every other field keeps the tutorial's default).
mkdir -p "$work/.authgate"
printf 'version = 3\n\n[inputs]\nttl_secs = 0\n' >"$work/.authgate/state.toml"
start_sandbox "$bin"
echo "sandbox: $base_url (pid $sandbox_pid, state in $work)"
if ! timeout 180 "$bin" --sandbox setup --yes >"$work/setup.out" 2>&1; then
  echo "setup failed:" >&2; tail -n 30 "$work/setup.out" >&2; exit 1
fi
ttl="$(sed -n 's/^ttl_secs = //p' .authgate/state.toml | tail -n 1)"
[[ "$ttl" == 0 ]] || { echo "the authorizer's TTL is '$ttl', not 0" >&2; exit 1; }
invoke_url="$(timeout 60 "$bin" --sandbox status --json 2>/dev/null | jq -r .invoke_url)"
[[ "$invoke_url" == http* ]] || { echo "no invoke URL in status --json" >&2; exit 1; }
url="$invoke_url/pets"
BENCH_AUTHORIZATION="Bearer $(timeout 60 "$bin" --sandbox token 2>/dev/null)"
export BENCH_AUTHORIZATION
echo "target: GET $url (authorizer TTL $ttl)"

code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $BENCH_AUTHORIZATION" "$url")"
[[ "$code" == 200 ]] || { echo "GET /pets with the token answered $code, not 200" >&2; exit 1; }

# The RequestIds in the function's kept log (the sandbox keeps the most recent ones only).
request_ids() {
  curl -s "$base_url/sandbox/functions/$function_name/log" |
    jq -r '.invocations[]' | sed -n 's/^START RequestId: \([^ ]*\).*/\1/p' | sort
}
new_ids() { comm -13 <(printf '%s\n' "$1") <(request_ids) | grep -c . || true; }

# Live child processes of the sandbox (zombies not counted).
environments() { ps --ppid "$sandbox_pid" -o stat= | grep -vc "^Z" || true; }
# Requests that all complete, 32 at a time: the execution environments they start stay warm.
# (wrk's end closes connections with requests in flight; a sandbox that ends an environment
# whose invocation lost its client would otherwise start the next run cold.)
rewarm() {
  seq 128 | xargs -P 32 -I{} curl -s -o /dev/null -H "Authorization: $BENCH_AUTHORIZATION" "$url"
}
echo "warm-up: wrk -c32 for 3 s, then 128 requests 32 at a time"
wrk -t"$threads" -c32 -d3s -s "$here/wrk-auth.lua" "$url" | grep '^RESULT' | sed 's/^RESULT/  /'
rewarm

# Proof of the uncached path, exactly: N requests, N new invocations in the log.
before="$(request_ids)"
for _ in $(seq "$spot_requests"); do
  curl -s -o /dev/null -H "Authorization: $BENCH_AUTHORIZATION" "$url"
done
echo "spot check: $spot_requests requests → $(new_ids "$before") new invocations in the function log"

run() {
  local conns="$1" line envs_before
  rewarm
  envs_before="$(environments)"
  before="$(request_ids)"
  line="$(wrk -t"$threads" -c"$conns" -d"${duration}s" --latency -s "$here/wrk-auth.lua" "$url" |
    grep '^RESULT')"
  kept="$(curl -s "$base_url/sandbox/functions/$function_name/log" | jq '.invocations | length')"
  # shellcheck disable=SC2086 # key=value words
  local $(sed 's/^RESULT //' <<<"$line")
  printf '%2s conn: %6s req/s  p50 %s ms  p90 %s ms  p99 %s ms  max %s ms  (%s requests in %s s, non-2xx %s, socket errors %s)\n' \
    "$conns" "$rps" "$(ms "$p50_us")" "$(ms "$p90_us")" "$(ms "$p99_us")" "$(ms "$max_us")" \
    "$requests" "$secs" "$non2xx" "$socket_errors"
  echo "         function log: $(new_ids "$before") of the $kept kept entries are from this run;" \
    "execution environments (the sandbox's child processes) before → after: $envs_before → $(environments)"
  print_load
}
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }

echo "measure: wrk -t$threads --latency -d${duration}s at 1 and 32 connections"
run 1
run 32
echo "gateway policy cache: $(curl -s "$base_url/sandbox/authorizer-cache" | jq -c .)"
