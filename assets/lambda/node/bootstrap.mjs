// authgate's Node.js runtime for the sandbox's Lambda execution environments: it speaks the
// Lambda Runtime API (2018-06-01) at AWS_LAMBDA_RUNTIME_API and runs the handler named by
// _HANDLER from LAMBDA_TASK_ROOT, behaving as AWS's runtime interface client (aws-lambda-ric)
// does: 3.3.0 for nodejs18.x/20.x/22.x, 4.0.2 for nodejs24.x and later (AWS_EXECUTION_ENV).
// What it posts to /response, /error and /init/error, and the log lines it writes, follow those
// clients; tests/oracles/compare.py checks them against the real ones. Node >= 20, builtins only.
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { format, types } from "node:util";

const require = createRequire(import.meta.url);
const env = process.env;

// The sandbox holds our stdin open and never writes to it: its end means the sandbox is gone
// (even killed with SIGKILL), and an environment must not outlive it. Unref'd, so it does not
// keep the event loop alive (callbackWaitsForEmptyEventLoop must still see an empty loop).
if (!process.stdin.isTTY) {
  process.stdin.on("end", () => process.exit(0));
  process.stdin.on("error", () => process.exit(0));
  process.stdin.resume();
  process.stdin.unref?.();
}
const runtimeMajor = Number(/^AWS_Lambda_nodejs(\d+)/.exec(env.AWS_EXECUTION_ENV ?? "")?.[1] ?? 0);
// nodejs24.x: handler(event, context) only; no callback, succeed/fail/done or beforeExit waiting
const ASYNC_ONLY = runtimeMajor >= 24;

// ---- errors, shaped as the RIC shapes them ----------------------------------------------------
// 3.x puts the name on the prototype; 4.x sets it on each instance (so logs show a "name" key)
function runtimeError(name) {
  const full = `Runtime.${name}`;
  if (ASYNC_ONLY) {
    return class extends Error {
      constructor(message) {
        super(message);
        this.name = full;
      }
    };
  }
  const Class = class extends Error {};
  Class.prototype.name = full;
  return Class;
}
const ImportModuleError = runtimeError("ImportModuleError");
const HandlerNotFound = runtimeError("HandlerNotFound");
const MalformedHandlerName = runtimeError("MalformedHandlerName");
const UserCodeSyntaxError = runtimeError("UserCodeSyntaxError");
const CallbackHandlerDeprecated = runtimeError("CallbackHandlerDeprecated");
class UnhandledPromiseRejection extends runtimeError("UnhandledPromiseRejection") {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
}

const isErrorLike = (e) =>
  e && typeof e.name === "string" && e.name && typeof e.message === "string" && e.message &&
  typeof e.stack === "string" && e.stack;
const escapeDel = (text) => text?.replace(/\x7F/g, "%7F");

// The body posted to /error and /init/error: {errorType, errorMessage, trace}.
function errorBody(error) {
  try {
    const isError = ASYNC_ONLY ? error instanceof Error : types.isNativeError(error) || isErrorLike(error);
    if (isError) {
      const trace = ASYNC_ONLY ? (escapeDel(error.stack)?.split("\n") ?? []) : escapeDel(error.stack).split("\n");
      return { errorType: escapeDel(error.name), errorMessage: escapeDel(error.message), trace };
    }
    const errorMessage = ASYNC_ONLY ? String(error) : error.toString();
    return { errorType: typeof error, errorMessage, trace: [] };
  } catch {
    const handled = {
      errorType: "handled",
      errorMessage:
        "callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack",
    };
    return ASYNC_ONLY ? { ...handled, trace: [] } : handled;
  }
}

const intoError = (e) => (e instanceof Error ? e : new Error(ASYNC_ONLY ? String(e) : e));
function withEnumerable(value) {
  if (!(value instanceof Error)) return value;
  const out = Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value);
  if (typeof value.stack === "string") out.stack = value.stack.split("\n");
  return out;
}

// ---- console: Lambda's log line format ---------------------------------------------------------
const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
const JSON_LOGS = env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === "JSON";
const minLevel = LEVELS[env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()] ?? LEVELS.TRACE;
let requestId; // printed as "undefined" (3.x) or "-" (4.x) before the first invocation

const jsonReplacer = (_key, value) =>
  value instanceof Error
    ? Object.assign(
        {
          errorType: value?.constructor?.name ?? "UnknownError",
          errorMessage: value.message,
          stackTrace: typeof value.stack === "string" ? value.stack.split("\n") : value.stack,
        },
        value,
      )
    : value;

function jsonLine(time, level, message, params) {
  const id = ASYNC_ONLY ? (requestId ?? "-") : requestId;
  const record = { timestamp: time, level, requestId: id };
  if (params.length === 0) {
    record.message = message;
    try {
      return JSON.stringify(record, jsonReplacer);
    } catch {
      record.message = format(record.message);
      return JSON.stringify(record);
    }
  }
  record.message = format(message, ...params);
  const error = params.find((p) => p instanceof Error);
  if (error) {
    record.errorType = error?.constructor?.name ?? "UnknownError";
    record.errorMessage = error.message;
    record.stackTrace = typeof error.stack === "string" ? error.stack.split("\n") : [];
  }
  return JSON.stringify(record);
}

function writeLog(level, message, ...params) {
  const time = new Date().toISOString();
  const id = ASYNC_ONLY ? (requestId ?? "-") : requestId;
  const line = JSON_LOGS ? jsonLine(time, level, message, params) : `${time}\t${id}\t${level}\t${format(message, ...params)}`;
  process.stdout.write(`${line.replace(/\n/g, "\r")}\n`);
}

for (const [level, priority] of Object.entries(LEVELS)) {
  const method = level.toLowerCase();
  console[method] = priority >= minLevel ? (m, ...p) => writeLog(level, m, ...p) : () => {};
}
console.log = console.info;

function logError(what, error) {
  if (JSON_LOGS) return console.error(intoError(error));
  let formatted;
  try {
    formatted = `\t${JSON.stringify(intoError(error), (_k, v) => withEnumerable(v))}`;
  } catch {
    formatted = `\t${JSON.stringify(errorBody(intoError(error)))}`;
  }
  return console.error(what, formatted);
}

// ---- the Runtime API --------------------------------------------------------------------------
const [apiHost, apiPort] = String(env.AWS_LAMBDA_RUNTIME_API).split(":");
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const BASE = "/2018-06-01/runtime";

function call(method, urlPath, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const options = { hostname: apiHost, port: Number(apiPort), path: urlPath, method, agent, headers };
    const request = http.request(options, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

function serialize(value) {
  try {
    return JSON.stringify(value === undefined ? null : value);
  } catch {
    const error = new Error("Unable to stringify response body");
    if (ASYNC_ONLY) error.name = "Runtime.JSONStringifyError";
    throw error;
  }
}

function post(urlPath, text, headers = {}) {
  const body = Buffer.from(text, "utf8");
  return call("POST", urlPath, body, { "Content-Type": "application/json", "Content-Length": body.length, ...headers });
}
const postResponse = (id, result) => post(`${BASE}/invocation/${encodeURIComponent(id)}/response`, serialize(result));
const postError = (id, error) => post(`${BASE}/invocation/${encodeURIComponent(id)}/error`, serialize(errorBody(error)));
function postInitError(error) {
  const body = errorBody(error);
  return post(`${BASE}/init/error`, serialize(body), { "Lambda-Runtime-Function-Error-Type": body.errorType });
}
const exitAfter = (posting, code) => posting.finally(() => process.exit(code));

// ---- loading the handler ----------------------------------------------------------------------
function typeModuleAbove(folder) {
  if (folder.endsWith("/node_modules")) return false;
  const manifest = path.join(folder, "package.json");
  if (existsSync(manifest)) {
    try {
      return JSON.parse(readFileSync(manifest)).type === "module";
    } catch (e) {
      console.warn(`${manifest} cannot be read, it will be ignored for ES module detection purposes.`, e);
      return false;
    }
  }
  return folder === "/" ? false : typeModuleAbove(path.resolve(folder, ".."));
}

const requireIfThere = (file) => (existsSync(file) ? require(file) : undefined);
const importIfThere = async (file) => (existsSync(file) ? await import(file) : undefined);

// 3.x: CommonJS first (extensionless, .js unless "type": "module"), then ESM, then node resolution
async function loadModuleV3(taskRoot, moduleRoot, name) {
  const base = path.resolve(taskRoot, moduleRoot, name);
  const bare = requireIfThere(base);
  if (bare) return bare;
  const esm = existsSync(`${base}.js`) && typeModuleAbove(path.dirname(path.resolve(`${base}.js`)));
  if (!esm) {
    const cjs = requireIfThere(`${base}.js`);
    if (cjs) return cjs;
  }
  const loaded = (esm && (await importIfThere(`${base}.js`))) || (await importIfThere(`${base}.mjs`)) || requireIfThere(`${base}.cjs`);
  if (loaded) return loaded;
  return require(require.resolve(name, { paths: [taskRoot, moduleRoot] }));
}

// 4.x: import() of "", .js, .mjs, .cjs in that order, then node resolution
async function loadModuleV4(taskRoot, moduleRoot, name) {
  const base = path.resolve(taskRoot, moduleRoot, name);
  for (const extension of ["", ".js", ".mjs", ".cjs"]) {
    const loaded = await importIfThere(`${base}${extension}`);
    if (loaded) return loaded;
  }
  return require(require.resolve(name, { paths: [taskRoot, path.join(taskRoot, moduleRoot)] }));
}

const dig = (object, dotted, strict) =>
  dotted.split(".").reduce((nested, key) => (strict ? (nested && typeof nested === "object" ? nested[key] : undefined) : nested && nested[key]), object);

async function loadHandler(taskRoot, fullHandler) {
  if (fullHandler.includes("..")) {
    throw new MalformedHandlerName(`'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const handlerString = path.basename(fullHandler);
  let moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerString));
  if (ASYNC_ONLY) moduleRoot = moduleRoot.replace(/\/$/, "");
  const match = handlerString.match(/^([^.]*)\.(.*)$/);
  if (!match) throw new MalformedHandlerName("Bad handler");
  const [, moduleName, handlerPath] = match;
  if (!ASYNC_ONLY) installAwsLambdaGlobal();
  let userModule;
  try {
    userModule = await (ASYNC_ONLY ? loadModuleV4 : loadModuleV3)(taskRoot, moduleRoot, moduleName);
  } catch (e) {
    if (e instanceof SyntaxError) {
      const error = new UserCodeSyntaxError(ASYNC_ONLY ? String(e) : e);
      if (ASYNC_ONLY) error.stack = e.stack;
      throw error;
    }
    if (e?.code === "MODULE_NOT_FOUND") throw new ImportModuleError(ASYNC_ONLY ? String(e) : e);
    throw e;
  }
  let handler = dig(userModule, handlerPath, ASYNC_ONLY);
  if (ASYNC_ONLY && !handler && userModule && typeof userModule === "object" && "default" in userModule) {
    handler = dig(userModule.default, handlerPath, true);
  }
  if (!handler) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof handler !== "function") throw new HandlerNotFound(`${fullHandler} is not a function`);
  return handler;
}

const STREAMING = Symbol.for("aws.lambda.runtime.handler.streaming");
function installAwsLambdaGlobal() {
  if (["1", "true"].includes(env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA)) return;
  globalThis.awslambda = {
    ...(ASYNC_ONLY ? globalThis.awslambda : {}),
    streamifyResponse: (handler) => Object.assign(handler, { [STREAMING]: "response" }),
  };
}

const CALLBACK_MESSAGE =
  "ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.";
const callbackAdvice = (count) =>
  `authgate sandbox: this handler declares ${count} parameters (event, context, callback); nodejs24.x calls handler(event, context) only and has no callback or context.succeed/fail/done. Make it async and return the result (or throw an Error, e.g. throw new Error("Unauthorized")), or deploy it on nodejs22.x.`;

// ---- invocations ------------------------------------------------------------------------------
function contextFields(headers) {
  const deadline = Number(headers["lambda-runtime-deadline-ms"]);
  const parse = (value, name) => {
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value);
    } catch (e) {
      throw new Error(`Cannot parse ${name} as json: ${e.toString()}`);
    }
  };
  return {
    clientContext: parse(headers["lambda-runtime-client-context"], "ClientContext"),
    identity: parse(headers["lambda-runtime-cognito-identity"], "CognitoIdentity"),
    invokedFunctionArn: headers["lambda-runtime-invoked-function-arn"],
    awsRequestId: headers["lambda-runtime-aws-request-id"],
    tenantId: headers["lambda-runtime-aws-tenant-id"],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}
const environmentFields = () => ({
  functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
  functionName: env.AWS_LAMBDA_FUNCTION_NAME,
  memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
});
function forwardTrace(headers) {
  if (headers["lambda-runtime-trace-id"]) env._X_AMZN_TRACE_ID = headers["lambda-runtime-trace-id"];
  else delete env._X_AMZN_TRACE_ID;
}
// A /next that is not 200 is not a Runtime API for us (it went away, or the port now belongs
// to something else): stop rather than loop on it.
const nextInvocation = () =>
  call("GET", `${BASE}/invocation/next`).then((answer) => {
    if (answer.status !== 200) fatal(new Error(`invocation/next answered ${answer.status}`));
    return answer;
  });

const fatal = (error) => {
  process.stderr.write(`authgate bootstrap: the Runtime API failed: ${error}\n`);
  process.exit(1);
};
const isPromise = (value) => value && value.then && typeof value.then === "function";
const isStreaming = (handler) => handler[STREAMING] === "response";
const streamingUnsupported = () => {
  const error = new Error("the authgate sandbox does not run response-streaming handlers (awslambda.streamifyResponse)");
  error.name = "Runtime.SandboxUnsupported";
  return error;
};

// ---- nodejs18.x/20.x/22.x (aws-lambda-ric 3.x) ------------------------------------------------
const noop = () => {};
let beforeExit = noop;
let onUncaught = (error) => exitAfter(postInitError(error), 129);
let onRejection = (error) => exitAfter(postInitError(error), 128);

// callback, context (callbackWaitsForEmptyEventLoop, succeed, fail, done), markCompleted: only the
// first of callback/succeed/fail/done counts
function callbackContext(id, scheduleNext) {
  const reportError = (error, next) => {
    logError("Invoke Error", error);
    postError(id, error).then(next, fatal);
  };
  let completed = false;
  const complete = (result, next) => {
    if (completed) {
      console.error("Invocation has already been reported as done. Cannot call complete more than once per invocation.");
      return;
    }
    completed = true;
    postResponse(id, result).then(next, fatal);
  };
  let waitForEmptyEventLoop = true;
  const callback = (error, result) => {
    beforeExit = noop;
    if (error !== undefined && error !== null) reportError(error, scheduleNext);
    else if (!waitForEmptyEventLoop) complete(result, scheduleNext);
    else beforeExit = () => setImmediate(() => complete(result, scheduleNext));
  };
  const done = (error, result) => {
    beforeExit = noop;
    if (error !== undefined && error !== null) reportError(error, scheduleNext);
    else complete(result, scheduleNext);
  };
  let finished = false;
  const once = (fn) =>
    function firstCallOnly(...args) {
      if (!finished) {
        fn(...args);
        finished = true;
      }
    };
  const context = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waitForEmptyEventLoop = value;
    },
    succeed: once((result) => done(null, result)),
    fail: once((error) => (error === undefined || error === null ? done("handled") : done(error, null))),
    done: once(done),
  };
  return [once(callback), context, () => (completed = true)];
}

// The class and method names show in user stack frames ("at Runtime.handler (/var/task/…)").
class Runtime {
  constructor(handler) {
    this.handler = handler;
  }

  scheduleIteration() {
    setImmediate(() =>
      this.handleOnceNonStreaming().then(noop, (error) => {
        console.log(`Unexpected Top Level Error: ${error.toString()}`);
        onUncaught(error);
      }),
    );
  }

  async handleOnceNonStreaming() {
    const { headers, body } = await nextInvocation();
    const id = headers["lambda-runtime-aws-request-id"];
    if (!id) throw new Error("invocation id is missing or invalid");
    requestId = id;
    const [callback, context, markCompleted] = callbackContext(id, () => this.scheduleIteration());
    try {
      onUncaught = (error) => exitAfter(postError(id, error), 129);
      onRejection = (error) => exitAfter(postError(id, error), 128);
      beforeExit = () => {
        markCompleted();
        postResponse(id, null).then(() => this.scheduleIteration(), fatal);
      };
      const event = JSON.parse(body);
      forwardTrace(headers);
      const result = this.handler(event, Object.assign(context, environmentFields(), contextFields(headers)), callback);
      if (isPromise(result)) result.then(context.succeed, context.fail).catch(context.fail);
    } catch (error) {
      callback(error);
    }
  }
}

async function runClassic() {
  process.on("uncaughtException", (error) => {
    logError("Uncaught Exception", error);
    onUncaught(error);
  });
  process.on("unhandledRejection", (reason, promise) => {
    const error = new UnhandledPromiseRejection(reason, promise);
    logError("Unhandled Promise Rejection", error);
    onRejection(error);
  });
  process.on("beforeExit", () => beforeExit());
  // an init error takes the uncaughtException path, as the RIC's rejected top-level await does
  const handler = await loadHandler(env.LAMBDA_TASK_ROOT ?? process.cwd(), env._HANDLER ?? "");
  if (isStreaming(handler)) throw streamingUnsupported();
  new Runtime(handler).scheduleIteration();
}

// ---- nodejs24.x (aws-lambda-ric 4.x) ----------------------------------------------------------
function platformError(message) {
  const error = new Error(message);
  error.name = "Runtime.PlatformError";
  return error;
}
const REQUIRED_ENV = ["AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME"];
const REQUIRED_HEADERS = ["lambda-runtime-invoked-function-arn", "lambda-runtime-aws-request-id", "lambda-runtime-deadline-ms"];

function contextV4(headers) {
  const missingEnv = REQUIRED_ENV.filter((name) => !env[name]);
  if (missingEnv.length > 0) throw platformError(`Missing required environment variables: ${missingEnv.join(", ")}`);
  const missing = REQUIRED_HEADERS.filter((name) => !(name in headers));
  if (missing.length > 0) throw platformError(`Missing required headers: ${missing.join(", ")}`);
  const deadline = parseInt(headers["lambda-runtime-deadline-ms"], 10);
  if (Number.isNaN(deadline)) throw platformError("Invalid deadline timestamp");
  const parse = (value, name) => {
    if (!value) return undefined;
    try {
      return JSON.parse(value);
    } catch (e) {
      throw platformError(`Failed to parse ${name} as JSON: ${e.message}`);
    }
  };
  const context = {
    clientContext: parse(headers["lambda-runtime-client-context"], "lambda-runtime-client-context"),
    identity: parse(headers["lambda-runtime-cognito-identity"], "lambda-runtime-cognito-identity"),
    invokedFunctionArn: headers["lambda-runtime-invoked-function-arn"],
    awsRequestId: headers["lambda-runtime-aws-request-id"],
    tenantId: headers["lambda-runtime-aws-tenant-id"],
    xRayTraceId: headers["lambda-runtime-trace-id"],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  const { functionVersion, functionName, memoryLimitInMB, logGroupName, logStreamName } = environmentFields();
  forwardTrace(headers);
  return Object.assign(context, { functionName, functionVersion, memoryLimitInMB, logGroupName, logStreamName });
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

// The class and method names show in user stack frames, as in the RIC.
class BufferedInvokeProcessor {
  constructor(handler) {
    this.handler = handler;
  }

  async processInvoke(context, event) {
    try {
      const result = await this.handler(event, context);
      await nextTurn();
      await postResponse(context.awsRequestId, result);
    } catch (error) {
      await nextTurn();
      logError("Invoke Error", error);
      await postError(context.awsRequestId, error);
    }
  }
}

async function runAsyncOnly() {
  installAwsLambdaGlobal();
  for (const [name, what] of [["AWS_LAMBDA_RUNTIME_API", "AWS_LAMBDA_RUNTIME_API"], ["_HANDLER", "_HANDLER"], ["LAMBDA_TASK_ROOT", "LAMBDA_TASK_ROOT"]]) {
    if (!env[name]) throw platformError(`${what} environment variable is not set`);
  }
  let handler;
  try {
    handler = await loadHandler(env.LAMBDA_TASK_ROOT, env._HANDLER);
    if (handler.length >= 3 && !isStreaming(handler)) {
      console.error(callbackAdvice(handler.length));
      throw new CallbackHandlerDeprecated(CALLBACK_MESSAGE);
    }
    if (isStreaming(handler)) throw streamingUnsupported();
  } catch (error) {
    logError("Init Error", error);
    await postInitError(error);
    throw error;
  }
  const processor = new BufferedInvokeProcessor(handler);
  for (;;) {
    const { headers, body } = await nextInvocation();
    const context = contextV4(headers);
    const event = JSON.parse(body);
    requestId = context.awsRequestId;
    await processor.processInvoke(context, event);
  }
}

if (ASYNC_ONLY) {
  await runAsyncOnly();
} else {
  await runClassic();
}
