#!/usr/bin/env bash
# Cold start of each Lambda runtime in the sandbox, from Invoke to response: a tiny function
# per runtime (created with the AWS CLI), then N times a configuration update (a new
# revision, so the next invoke gets a new execution environment) and one Invoke timed by
# curl (SigV4-signed, no CLI start-up in the number), with the REPORT line's Init Duration;
# then N warm invokes of the last environment for comparison. Median and max over N.
#
# Usage: bash bench/lambda/cold_start.sh BINARY [N]   (N default 10)
# RUNTIMES overrides the list (default: nodejs20.x nodejs22.x nodejs24.x python3.<machine's
# python3> provided.al2023); AWS_CLI the aws command (default /work/main/.venv/bin/aws or
# `aws`). A runtime the sandbox refuses is reported as skipped. Needs curl ≥ 7.75, jq, zip.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $# -ge 1 ]] || { echo "usage: $0 BINARY [N]" >&2; exit 2; }
bin="$(realpath "$1")"
rounds="${2:-10}"
[[ -x "$bin" ]] || { echo "not an executable: $bin" >&2; exit 2; }
aws_cli="${AWS_CLI:-}"
if [[ -z "$aws_cli" ]]; then
  if [[ -x /work/main/.venv/bin/aws ]]; then aws_cli=/work/main/.venv/bin/aws; else aws_cli=aws; fi
fi
python_runtime="$(python3 -c 'import sys; print(f"python3.{sys.version_info[1]}")')"
runtimes="${RUNTIMES:-nodejs20.x nodejs22.x nodejs24.x $python_runtime provided.al2023}"

# shellcheck source=../sandbox-lib.sh
source "$here/../sandbox-lib.sh"
echo "binary: $bin ($("$bin" --version)); node $(node --version), $(python3 --version)"
date -u +"date: %Y-%m-%d %H:%M:%S UTC"
print_load
start_sandbox "$bin"
echo "sandbox: $base_url (pid $sandbox_pid)"

# Any credentials do; none of the user's AWS configuration is read.
export AWS_ACCESS_KEY_ID=AKIDBENCHSANDBOX AWS_SECRET_ACCESS_KEY=bench-sandbox-secret
export AWS_DEFAULT_REGION=eu-west-1 AWS_REGION=eu-west-1
export AWS_CONFIG_FILE="$work/no-aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/no-aws-credentials"
aws() { timeout 60 "$aws_cli" --endpoint-url "$base_url" --output json "$@"; }

role_arn="$(aws iam create-role --role-name bench-lambda --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}' |
  jq -r .Role.Arn)"

# package RUNTIME DIR: writes the function's code into DIR/code and zips it to DIR/code.zip.
package() {
  local runtime="$1" dir="$2"
  mkdir -p "$dir/code"
  case "$runtime" in
    nodejs*) echo 'export const handler = async () => ({ ok: true });' >"$dir/code/index.mjs" ;;
    python*) printf 'def handler(event, context):\n    return {"ok": True}\n' >"$dir/code/index.py" ;;
    provided*) cp "$here/bootstrap.sh" "$dir/code/bootstrap"; chmod 755 "$dir/code/bootstrap" ;;
  esac
  (cd "$dir/code" && zip -q -X -r ../code.zip .)
}

# wait_updated NAME: until the function is Active and its last update Successful (≤ 30 s).
wait_updated() {
  for _ in $(seq 60); do
    local c
    c="$(aws lambda get-function-configuration --function-name "$1")"
    [[ "$(jq -r '.State + "/" + (.LastUpdateStatus // "Successful")' <<<"$c")" == Active/Successful ]] && return 0
    sleep 0.5
  done
  echo "function $1 did not become Active/Successful" >&2; return 1
}

# invoke NAME: one timed Invoke; prints "WALL_MS INIT_MS DURATION_MS" (INIT_MS "-" if none).
invoke() {
  local headers="$work/headers" body="$work/body" wall log
  wall="$(curl -s -o "$body" -D "$headers" -w '%{time_total}' --max-time 30 \
    --aws-sigv4 "aws:amz:eu-west-1:lambda" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    -H 'Content-Type: application/json' -H 'X-Amz-Log-Type: Tail' -d '{}' \
    "$base_url/2015-03-31/functions/$1/invocations")"
  if ! grep -q '"ok"' "$body" || grep -qi '^x-amz-function-error' "$headers"; then
    echo "invoke of $1 failed: $(head -c 400 "$body")" >&2
    sed -n 's/^[Xx]-[Aa]mz-[Ll]og-[Rr]esult: *//p' "$headers" | tr -d '\r' | base64 -d >&2 || true
    return 1
  fi
  log="$(sed -n 's/^[Xx]-[Aa]mz-[Ll]og-[Rr]esult: *//p' "$headers" | tr -d '\r' | base64 -d 2>/dev/null || true)"
  awk -v wall="$wall" '
    /^REPORT/ {
      for (i = 1; i <= NF; i++) {
        if ($i == "Init" && $(i + 1) == "Duration:") init = $(i + 2)
        if ($i == "Duration:" && $(i - 1) != "Init" && $(i - 1) != "Billed") dur = $(i + 1)
      }
    }
    END { printf "%.2f %s %s\n", wall * 1000, (init == "" ? "-" : init), (dur == "" ? "-" : dur) }
  ' <<<"$log"
}

stats() { # a column of numbers → "median M, max X" (or "none")
  local values; values="$(grep -E '^[0-9.]+$' || true)"
  [[ -n "$values" ]] || { echo "none"; return; }
  echo "median $(median <<<"$values"), max $(maximum <<<"$values")"
}

echo "rounds: $rounds cold (configuration update, then one invoke) and $rounds warm per runtime," \
  "round-robin over the runtimes so the machine's load falls on all alike"
echo "interpreters: node $(command -v node), python3 $(command -v python3)" \
  "(the sandbox's AUTHGATE_NODE / AUTHGATE_PYTHON override them)"
echo "times in ms; cold/warm = curl's time_total for the Invoke; init = REPORT's Init Duration"
ready=()
for runtime in $runtimes; do
  name="bench-${runtime//./-}"
  dir="$work/$name"
  package "$runtime" "$dir"
  handler=index.handler; [[ "$runtime" == provided* ]] && handler=function.handler
  if ! err="$(aws lambda create-function --function-name "$name" --runtime "$runtime" \
    --handler "$handler" --role "$role_arn" --zip-file "fileb://$dir/code.zip" 2>&1 >/dev/null)"; then
    echo "$runtime: skipped, the sandbox refused it: $(tr '\n' ' ' <<<"$err" | head -c 300)"
    continue
  fi
  wait_updated "$name"
  ready+=("$runtime")
done

declare -A cold=() inits=() warm=() failed=()
for round in $(seq "$rounds"); do
  for runtime in "${ready[@]}"; do
    [[ -z "${failed[$runtime]:-}" ]] || continue
    name="bench-${runtime//./-}"
    aws lambda update-function-configuration --function-name "$name" \
      --environment "Variables={BENCH_ROUND=$round}" >/dev/null
    wait_updated "$name"
    if read -r wall init _ < <(invoke "$name"); then
      cold[$runtime]+="$wall "; inits[$runtime]+="$init "
    else
      failed[$runtime]="cold invoke in round $round"
    fi
  done
done
for round in $(seq "$rounds"); do
  for runtime in "${ready[@]}"; do
    [[ -z "${failed[$runtime]:-}" ]] || continue
    if read -r wall _ _ < <(invoke "bench-${runtime//./-}"); then
      warm[$runtime]+="$wall "
    else
      failed[$runtime]="warm invoke"
    fi
  done
done
column() { tr ' ' '\n' <<<"$1" | stats; }
for runtime in "${ready[@]}"; do
  if [[ -n "${failed[$runtime]:-}" ]]; then echo "$runtime: failed (${failed[$runtime]})"; continue; fi
  printf '%-16s cold %-28s init %-28s warm %s\n' "$runtime" "$(column "${cold[$runtime]}")" \
    "$(column "${inits[$runtime]}")" "$(column "${warm[$runtime]}")"
  echo "                 cold rounds: ${cold[$runtime]}"
done
echo "execution environments alive at the end (the sandbox's child processes): $(pgrep -c -P "$sandbox_pid" || true)"
print_load
