// The authgate sandbox's Node.js runtime: a client of the Lambda Runtime API
// (AWS_LAMBDA_RUNTIME_API), run by `node bootstrap.mjs` in the function's task root. It loads
// the handler named by _HANDLER, posts init errors to /runtime/init/error, then long-polls
// /runtime/invocation/next and posts each result to …/response or …/error.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";

import http from "node:http";

const [apiHost, apiPort] = (process.env.AWS_LAMBDA_RUNTIME_API ?? "127.0.0.1:9001").split(":");
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let current = undefined;

function call(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(body);
    const request = http.request(
      {
        host: apiHost,
        port: Number(apiPort),
        method,
        path: `/2018-06-01/runtime/${path}`,
        agent,
        headers: data ? { "content-type": "application/json", "content-length": data.length, ...headers } : headers,
      },
      (response) => {
        const chunks = [];
        response.on("data", (c) => chunks.push(c));
        response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    request.on("error", reject);
    request.end(data);
  });
}

const logLine = (level) => (...args) =>
  process.stdout.write(`${new Date().toISOString()}\t${current}\t${level}\t${format(...args)}\n`);
console.log = logLine("INFO");
console.info = logLine("INFO");
console.debug = logLine("DEBUG");
console.warn = logLine("WARN");
console.error = logLine("ERROR");
console.trace = logLine("TRACE");

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

function failure(e) {
  if (e instanceof Error) {
    return { errorType: e.name || "Error", errorMessage: e.message, trace: String(e.stack ?? "").split("\n") };
  }
  return { errorType: typeof e, errorMessage: typeof e === "string" ? e : JSON.stringify(e), trace: [] };
}

const nodejs24 = process.env.AWS_EXECUTION_ENV === "AWS_Lambda_nodejs24.x";

function run(handler, event, context) {
  return new Promise((resolve, reject) => {
    const done = (error, value) => (error !== undefined && error !== null ? reject(error) : resolve(value));
    if (!nodejs24) {
      context.succeed = (value) => done(null, value);
      context.fail = (error) => done(error ?? "handled");
      context.done = done;
    }
    try {
      const returned = nodejs24 ? handler(event, context) : handler(event, context, done);
      if (returned && typeof returned.then === "function") returned.then(resolve, reject);
      else if (nodejs24 || handler.length < 3) resolve(returned);
    } catch (e) {
      reject(e);
    }
  });
}

let handler = null;
try {
  handler = await load();
  if (nodejs24 && handler.length >= 3) {
    throw named(
      "Runtime.CallbackHandlerDeprecated",
      "ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later.",
    );
  }
} catch (e) {
  const body = JSON.stringify(failure(e));
  process.stderr.write(`${new Date().toISOString()}\tundefined\tERROR\tInit failed: ${body}\n`);
  await call("POST", "init/error", body, { "lambda-runtime-function-error-type": e.name });
  process.exit(1);
}

for (;;) {
  const next = await call("GET", "invocation/next");
  const id = next.headers["lambda-runtime-aws-request-id"];
  const deadline = Number(next.headers["lambda-runtime-deadline-ms"]);
  current = id;
  const context = {
    awsRequestId: id,
    invokedFunctionArn: next.headers["lambda-runtime-invoked-function-arn"],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const value = await run(handler, JSON.parse(next.body), context);
    await call("POST", `invocation/${id}/response`, JSON.stringify(value) ?? "");
  } catch (e) {
    const error = failure(e);
    await call("POST", `invocation/${id}/error`, JSON.stringify(error), {
      "lambda-runtime-function-error-type": error.errorType,
    });
  }
  current = undefined;
}
