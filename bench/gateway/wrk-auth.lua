-- wrk script for bench/gateway/uncached.sh: the Authorization header comes from the
-- environment (BENCH_AUTHORIZATION), so the token is on no command line and in no file;
-- done() prints one parseable RESULT line (latencies in microseconds).
wrk.headers["Authorization"] = os.getenv("BENCH_AUTHORIZATION")

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d secs=%.2f rps=%.0f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
