// One authorizer, warm: node warm.mjs MODULE COUNT < event.json-on-stdin; prints {ops_per_s}.
import { pathToFileURL } from "node:url";

const [modulePath, countText] = process.argv.slice(2);
const count = Number(countText);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const event = JSON.parse(Buffer.concat(chunks).toString("utf8"));
console.log = () => {}; // the decision log line is part of the work, not of the output
const { handler } = await import(pathToFileURL(modulePath).href);

const expected = (await handler(event)).principalId; // warm: JWKS fetched, keys cached
for (let i = 0; i < count / 10; i++) await handler(event);
const runs = [];
for (let run = 0; run < 3; run++) {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    if ((await handler(event)).principalId !== expected) throw new Error("wrong answer");
  }
  runs.push(count / ((performance.now() - start) / 1000));
}
runs.sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ ops_per_s: runs[1], runs })}\n`);
