# Sourced by the bench scripts: a private sandbox in a temporary directory, stopped and
# removed on every exit path (normal end, error, Ctrl-C), within a few seconds.
# Sets: work (the temp dir, also the cwd), sandbox_pid, base_url.

work="$(mktemp -d "${TMPDIR:-/tmp}/authgate-bench.XXXXXX")"
sandbox_pid=""
base_url=""

stop_sandbox() {
  [[ -n "$sandbox_pid" ]] || return 0
  # Its execution environments (node/python/bootstrap processes) are its children: note
  # them first so none outlives a sandbox that had to be killed.
  local children
  children="$(pgrep -P "$sandbox_pid" 2>/dev/null || true)"
  kill -TERM "$sandbox_pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$sandbox_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$sandbox_pid" 2>/dev/null || true
  wait "$sandbox_pid" 2>/dev/null || true
  for child in $children; do kill -KILL "$child" 2>/dev/null || true; done
  sandbox_pid=""
}

bench_cleanup() {
  stop_sandbox
  cd /
  rm -rf "$work"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# start_sandbox BINARY: `BINARY sandbox` on a free port with its state in $work; waits (at
# most 15 s) for endpoint.json and sets base_url.
start_sandbox() {
  cd "$work"
  "$1" sandbox --port 0 >"$work/sandbox.out" 2>&1 &
  sandbox_pid=$!
  for _ in $(seq 150); do
    [[ -s .authgate/sandbox/endpoint.json ]] && break
    kill -0 "$sandbox_pid" 2>/dev/null || break
    sleep 0.1
  done
  base_url="$(jq -r .base_url .authgate/sandbox/endpoint.json 2>/dev/null || true)"
  if [[ -z "$base_url" || "$base_url" == null ]]; then
    echo "the sandbox did not start:" >&2
    cat "$work/sandbox.out" >&2
    exit 1
  fi
}

# The machine's load, to print next to every result.
print_load() { echo "load: $(uptime)"; }

median() { sort -g | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]}'; }
maximum() { sort -g | tail -n 1; }
