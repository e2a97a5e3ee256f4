// The authgate sandbox's Lambda runtime for Node.js (run by `node --input-type=module --eval`).
// It loads the handler named by _HANDLER from LAMBDA_TASK_ROOT, then answers invocations.
// Protocol: one JSON object per line. Rust writes {id, event, deadlineMs} to stdin; this
// writes {type: "ready"} or {type: "init_error", …} once, then per invocation any number of
// {type: "log", text} and one {type: "result", id, value} or {type: "error", id, …}.
// Console output and direct writes to stdout/stderr become log frames, so nothing the
// function prints can break the framing.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { format } from "node:util";

const write = process.stdout.write.bind(process.stdout);
const send = (frame) => write(`${JSON.stringify(frame)}\n`);
let current = null;

const logLine = (level) => (...args) =>
  send({ type: "log", text: `${new Date().toISOString()}\t${current ?? "init"}\t${level}\t${format(...args)}\n` });
console.log = logLine("INFO");
console.info = logLine("INFO");
console.debug = logLine("DEBUG");
console.warn = logLine("WARN");
console.error = logLine("ERROR");
console.trace = logLine("TRACE");
const raw = (chunk) => {
  send({ type: "log", text: String(chunk) });
  return true;
};
process.stdout.write = raw;
process.stderr.write = raw;

function named(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

async function load() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 20) {
    throw named("Runtime.NodeTooOld", `Node.js ${process.versions.node} is too old: install Node.js >= 20`);
  }
  const spec = process.env._HANDLER ?? "index.handler";
  const dot = spec.lastIndexOf(".");
  const [file, name] = dot > 0 ? [spec.slice(0, dot), spec.slice(dot + 1)] : [spec, "handler"];
  const root = process.env.LAMBDA_TASK_ROOT;
  const path = [".mjs", ".js", ".cjs"].map((ext) => join(root, file + ext)).find(existsSync);
  if (!path) {
    throw named("Runtime.ImportModuleError", `Cannot find module '${file}' (no ${file}.mjs, ${file}.js or ${file}.cjs in the zip)`);
  }
  let module;
  try {
    module = await import(pathToFileURL(path).href);
  } catch (e) {
    throw named("Runtime.ImportModuleError", `${e?.name ?? "Error"}: ${e?.message ?? e}`);
  }
  const handler = module[name] ?? module.default?.[name];
  if (typeof handler !== "function") {
    throw named("Runtime.HandlerNotFound", `${spec} is undefined or not exported`);
  }
  return handler;
}

function run(handler, event, context) {
  if (handler.length >= 3) {
    return new Promise((resolve, reject) => {
      const done = (error, value) => (error ? reject(error) : resolve(value));
      const returned = handler(event, context, done);
      if (returned && typeof returned.then === "function") returned.then(resolve, reject);
    });
  }
  return handler(event, context);
}

function failure(id, e) {
  const error = e instanceof Error ? e : new Error(typeof e === "string" ? e : JSON.stringify(e));
  return {
    type: "error",
    id,
    errorType: error.name || "Error",
    errorMessage: error.message,
    trace: String(error.stack ?? "").split("\n"),
  };
}

let handler = null;
try {
  handler = await load();
  send({ type: "ready" });
} catch (e) {
  send({ type: "init_error", errorType: e.name, errorMessage: e.message });
  // exitCode, not exit(): the frame above must reach the pipe first.
  process.exitCode = 1;
}

const lines = handler ? createInterface({ input: process.stdin, crlfDelay: Infinity }) : [];
for await (const line of lines) {
  if (!line.trim()) continue;
  const { id, event, deadlineMs } = JSON.parse(line);
  current = id;
  const context = {
    awsRequestId: id,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: "$LATEST",
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
  };
  let frame;
  try {
    const value = await run(handler, event, context);
    frame = { type: "result", id, value: value === undefined ? null : value };
    JSON.stringify(frame);
  } catch (e) {
    frame = failure(id, e);
  }
  send(frame);
  current = null;
}
