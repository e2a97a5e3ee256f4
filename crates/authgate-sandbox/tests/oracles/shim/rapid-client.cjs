// A JS stand-in for aws-lambda-ric's native client (src/rapid-client.cc over aws-lambda-cpp):
// next() resolves {bodyJson, headers}; done(id, body) and error(id, body, xray) POST to the
// Runtime API. The native done/error block until the POST is answered; these cannot, so the
// POST is started at once (one keep-alive socket keeps the order with the next /next), and
// process.exit waits for POSTs still in flight (the RIC exits right after posting an uncaught
// exception). Headers are those aws-lambda-cpp sends: content-type, content-length and, on
// errors, lambda-runtime-function-xray-error-cause; no error-type header.
"use strict";
const http = require("node:http");

const [hostname, port] = String(process.env.AWS_LAMBDA_RUNTIME_API).split(":");
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const base = "/2018-06-01/runtime/invocation/";
const inFlight = new Set();

function send(method, path, body, headers) {
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, path, method, agent, headers }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

function post(path, body, extra) {
  const payload = Buffer.from(body, "utf8");
  const headers = { "content-type": "application/json", "content-length": payload.length, ...extra };
  const pending = send("POST", path, payload, headers).catch((error) => {
    process.stderr.write(`rapid-client shim: POST ${path} failed: ${error}\n`);
  });
  inFlight.add(pending);
  pending.finally(() => inFlight.delete(pending));
}

const exit = process.exit.bind(process);
process.exit = (code) => {
  if (inFlight.size === 0) return exit(code);
  Promise.allSettled([...inFlight]).then(() => exit(code));
  return undefined;
};

module.exports = {
  async next() {
    const { headers, body } = await send("GET", `${base}next`, undefined, {});
    const out = {
      "lambda-runtime-deadline-ms": Number(headers["lambda-runtime-deadline-ms"]),
      "lambda-runtime-aws-request-id": headers["lambda-runtime-aws-request-id"] ?? "",
      "lambda-runtime-trace-id": headers["lambda-runtime-trace-id"] ?? "",
      "lambda-runtime-invoked-function-arn": headers["lambda-runtime-invoked-function-arn"] ?? "",
    };
    for (const optional of [
      "lambda-runtime-client-context",
      "lambda-runtime-cognito-identity",
      "lambda-runtime-aws-tenant-id",
    ]) {
      if (headers[optional]) out[optional] = headers[optional];
    }
    return { bodyJson: body, headers: out };
  },
  done(id, body) {
    post(`${base}${id}/response`, body, {});
  },
  error(id, body, xray) {
    // curl sends the header's UTF-8 bytes as they are; node writes header values as latin1
    const cause = Buffer.from(xray, "utf8").toString("latin1");
    post(`${base}${id}/error`, body, { "lambda-runtime-function-xray-error-cause": cause });
  },
};
