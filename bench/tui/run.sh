#!/usr/bin/env bash
# The wizard's start-up, idle cost and memory, measured on the release binary in tmux with
# a sandbox already running (DESIGN.md targets: first frame < 100 ms, idle CPU ≈ 0, RSS < 40 MiB).
# Usage: bash bench/tui/run.sh [runs]   (needs tmux; builds the release binary)
# The memory is read after the wizard ran the whole flow by keys (`a` on each step).
set -euo pipefail
runs="${1:-10}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
(cd "$root" && cargo build --quiet --release --bin authgate)
work="$(mktemp -d)"
# A private copy: a shared CARGO_TARGET_DIR may get another checkout's build meanwhile.
cp "${CARGO_TARGET_DIR:-$root/target}/release/authgate" "$work/authgate"
bin="$work/authgate"
session="authgate-bench-$$"
cleanup() {
  tmux kill-session -t "$session" 2>/dev/null || true
  [[ -n "${sandbox:-}" ]] && kill "$sandbox" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
"$bin" sandbox --port 0 >sandbox.log 2>&1 &
sandbox=$!
for _ in $(seq 100); do [[ -f .authgate/sandbox/endpoint.json ]] && break; sleep 0.1; done
[[ -f .authgate/sandbox/endpoint.json ]] || { echo "the sandbox did not start:"; cat sandbox.log; exit 1; }

# Waits for the n-th "first frame drawn" line; prints its since_start_us.
first_frame() {
  for _ in $(seq 500); do
    line="$(grep 'first frame drawn' .authgate/authgate.log 2>/dev/null | sed -n "${1}p")"
    if [[ -n "$line" ]]; then sed -E 's/.*since_start_us=([0-9]+).*/\1/' <<<"$line"; return; fi
    sleep 0.01
  done
  echo "no first frame after 5 s" >&2; exit 1
}

echo "first frame (µs since the process entered run; wall µs from tmux launch to the log line):"
frames=()
for n in $(seq "$runs"); do
  launched="$(date +%s%6N)"
  tmux new-session -d -s "$session" -x 120 -y 40 "$bin --sandbox"
  internal="$(first_frame "$n")"
  logged="$(date +%s%6N)"
  frames+=("$internal")
  echo "  run $n: $internal µs in-process, ≤ $((logged - launched)) µs wall"
  tmux kill-session -t "$session"
  sleep 0.2
done
sorted="$(printf '%s\n' "${frames[@]}" | sort -n)"
echo "  median $(sed -n "$(( (runs + 1) / 2 ))p" <<<"$sorted") µs, max $(tail -n 1 <<<"$sorted") µs"

tmux new-session -d -s "$session" -x 120 -y 40 "$bin --sandbox"
first_frame "$((runs + 1))" >/dev/null
pid="$(pgrep -n -f "^$bin --sandbox$")"
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz="$(getconf CLK_TCK)"
before="$(ticks)"
sleep 10
after="$(ticks)"
echo "idle 10 s: $((after - before)) CPU ticks of 1/$hz s → $(awk -v t=$((after - before)) -v hz="$hz" 'BEGIN{printf "%.2f", 100 * t / hz / 10}') % of one core"
# The five steps by keys, as a person runs them; each waits (bounded) for its ✓ in the sidebar.
grep -E 'VmRSS' "/proc/$pid/status" | sed 's/^/memory before the flow: /'
for n in 1 2 3 4 5; do
  tmux send-keys -t "$session" a
  for _ in $(seq 600); do
    screen="$(tmux capture-pane -p -t "$session")"
    grep -q "✓ $n " <<<"$screen" && break
    grep -q "✗ $n " <<<"$screen" && { echo "step $n failed:"; echo "$screen"; exit 1; }
    sleep 0.1
  done
  grep -q "✓ $n " <<<"$screen" || { echo "step $n did not finish in 60 s:"; echo "$screen"; exit 1; }
  tmux send-keys -t "$session" Right
done
grep -q '✓ test token → 200' <<<"$screen" || { echo "step 5 not as expected:"; echo "$screen"; exit 1; }
echo "full flow by keys: 5 steps ✓, the three calls as expected"
for key in e '?' Escape g Right Escape Left; do tmux send-keys -t "$session" "$key"; sleep 0.05; done
sleep 0.5
grep -E 'VmRSS|VmHWM' "/proc/$pid/status" | sed 's/^/memory after the flow: /'
