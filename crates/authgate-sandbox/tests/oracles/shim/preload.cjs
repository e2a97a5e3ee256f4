// Loaded with `NODE_OPTIONS=--require <this file>` in front of AWS's aws-lambda-ric, installed
// with --ignore-scripts (so without its native `rapid-client.node`). It resolves the RIC's
// `require("./rapid-client.node")` to rapid-client.cjs, our JS transport with the same private
// interface. That interface is not public: only the pinned versions below are accepted.
"use strict";
const Module = require("node:module");
const fs = require("node:fs");
const path = require("node:path");

const SUPPORTED = new Set(["3.3.0", "4.0.2"]);
const transport = path.join(__dirname, "rapid-client.cjs");

function ricVersion(fromFile) {
  let dir = path.dirname(fromFile);
  for (let depth = 0; depth < 4; depth += 1) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      const pkg = JSON.parse(fs.readFileSync(manifest, "utf8"));
      if (pkg.name === "aws-lambda-ric") return pkg.version;
    }
    dir = path.dirname(dir);
  }
  return undefined;
}

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveRapidClient(request, parent, ...rest) {
  if (request === "./rapid-client.node" && parent?.filename) {
    const version = ricVersion(parent.filename);
    if (!SUPPORTED.has(version)) {
      throw new Error(
        `rapid-client shim supports aws-lambda-ric ${[...SUPPORTED].join(", ")}, not ${version}`,
      );
    }
    return transport;
  }
  return resolve.call(this, request, parent, ...rest);
};
