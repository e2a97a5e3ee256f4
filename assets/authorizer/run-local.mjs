// authgate's local runner for the bundled authorizer (the tutorial's `npm test` with
// lambda-local): imports the handler from the path in argv[2], calls it once with the event
// read from stdin (so the token never shows up in `ps`), prints one JSON line:
//   {"outcome": "allow"|"unauthorized"|"error"|"config_error", "response"?, "response_text"?,
//    "error"?, "logs": [...]}

import { pathToFileURL } from "node:url";

const logs = [];
console.log = (...args) => logs.push(args.map(String).join(" "));

function finish(result) {
  process.stdout.write(`${JSON.stringify({ ...result, logs })}\n`, () => process.exit(0));
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const event = JSON.parse(Buffer.concat(chunks).toString("utf8"));

let handler;
try {
  ({ handler } = await import(pathToFileURL(process.argv[2]).href));
} catch (err) {
  finish({ outcome: "config_error", error: String(err?.message ?? err) });
}
if (handler) {
  try {
    const response = await handler(event);
    finish({ outcome: "allow", response, response_text: JSON.stringify(response, null, 4) });
  } catch (err) {
    const message = String(err?.message ?? err);
    finish(message === "Unauthorized" ? { outcome: "unauthorized" } : { outcome: "error", error: message });
  }
}
