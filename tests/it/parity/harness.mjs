// Runs one conformance case against the bundled authorizer as ONE warm Lambda instance.
//
// Usage: node harness.mjs /path/to/index.mjs   (the authorizer's env comes from the process)
// Protocol, one JSON object per line:
//   out  {"loaded": true} | {"loaded": false, "error": "..."}   once, after importing
//   in   {"now": <unix seconds>, "event": {...}}                 per step
//   out  {"outcome": "allow"|"unauthorized"|"error", "response"?, "error"?, "logs": [...]}
//   in   {"now": <unix seconds>, "events": [...]}                 concurrent invocations
//   out  {"results": [{"outcome", ...}, ...], "logs": [...]}
// The handler's console.log lines are captured into `logs` so stdout stays the protocol.

import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

let fakeNow = 0;
Date.now = () => fakeNow;

let captured = [];
console.log = (...args) => captured.push(args.map(String).join(" "));

const send = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

let handler;
try {
  ({ handler } = await import(pathToFileURL(process.argv[2]).href));
  send({ loaded: true });
} catch (err) {
  send({ loaded: false, error: String(err?.message ?? err) });
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const step = JSON.parse(line);
  fakeNow = step.now * 1000;
  captured = [];
  if (step.events) {
    // Concurrent invocations (one warm instance serving overlapping requests).
    const results = await Promise.all(step.events.map(invoke));
    send({ results, logs: captured });
  } else {
    send({ ...(await invoke(step.event)), logs: captured });
  }
}

async function invoke(event) {
  try {
    return { outcome: "allow", response: await handler(event) };
  } catch (err) {
    const message = String(err?.message ?? err);
    return message === "Unauthorized" ? { outcome: "unauthorized" } : { outcome: "error", error: message };
  }
}
