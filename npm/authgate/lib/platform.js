'use strict';
// Finds the authgate binary that npm installed as one of the launcher's optional
// dependencies (one package per os/cpu/libc, like esbuild and biome ship theirs).

const fs = require('node:fs');
const path = require('node:path');
const PLATFORMS = require('./platforms.json');

// musl or glibc. /usr/bin/ldd is a script on glibc systems and a link to the musl loader on
// Alpine; reading it is fast. When it is missing, Node's own report says which libc it was
// built against (glibcVersionRuntime is absent under musl).
function detectLibc(readFile = fs.readFileSync, getReport = defaultReport) {
  try {
    const ldd = readFile('/usr/bin/ldd', 'latin1');
    if (ldd.includes('musl')) return 'musl';
    if (ldd.includes('GNU C Library') || ldd.includes('glibc')) return 'glibc';
  } catch {
    // no ldd: ask the report below
  }
  const report = getReport();
  if (report && report.header && report.header.glibcVersionRuntime) return 'glibc';
  return 'musl';
}

function defaultReport() {
  try {
    return process.report.getReport();
  } catch {
    return undefined;
  }
}

// The packages that can run here, best first. A static musl binary also runs on glibc, so it
// is the fallback there (older npm versions ignore the `libc` field and install both).
function candidates(platform, arch, libc) {
  const entries = Object.values(PLATFORMS).filter((p) => p.os === platform && p.cpu === arch);
  if (platform !== 'linux') return entries;
  const own = entries.filter((p) => p.libc === libc);
  const musl = libc === 'glibc' ? entries.filter((p) => p.libc === 'musl') : [];
  return own.concat(musl);
}

function describe(platform, arch, libc) {
  return platform === 'linux' ? `${platform} ${arch} (${libc})` : `${platform} ${arch}`;
}

// { path } of the binary to run, or { message } saying what is missing and how to fix it.
function findBinary({
  platform = process.platform,
  arch = process.arch,
  env = process.env,
  resolve = require.resolve,
  exists = fs.existsSync,
  libc = platform === 'linux' ? detectLibc() : undefined,
} = {}) {
  if (env.AUTHGATE_BINARY) {
    if (exists(env.AUTHGATE_BINARY)) return { path: env.AUTHGATE_BINARY };
    return { message: `authgate: AUTHGATE_BINARY is set to ${env.AUTHGATE_BINARY}, which does not exist.\n` };
  }
  const wanted = candidates(platform, arch, libc);
  for (const entry of wanted) {
    let manifest;
    try {
      manifest = resolve(`${entry.package}/package.json`);
    } catch {
      continue;
    }
    const binary = path.join(path.dirname(manifest), 'bin', entry.binary);
    if (exists(binary)) return { path: binary };
  }
  return { message: missingMessage(wanted, describe(platform, arch, libc)) };
}

function missingMessage(wanted, here) {
  const fromSource =
    '  Or build it from source (Rust 1.95+), in a checkout of authgate:\n' +
    '    cargo install --locked --path .\n';
  if (wanted.length === 0) {
    const covered = [...new Set(Object.values(PLATFORMS).map((p) => describe(p.os, p.cpu, p.libc)))];
    return (
      `authgate: there is no prebuilt authgate binary for ${here}.\n` +
      `  The npm packages cover: ${covered.join(', ')}.\n` +
      fromSource
    );
  }
  const names = wanted.map((p) => p.package).join(' or ');
  return (
    `authgate: the authgate binary for ${here} is not installed.\n` +
    `  It comes in the npm package ${names}, an optional dependency of \`authgate\`.\n` +
    '  npm skips it when optional dependencies are omitted (--omit=optional, --no-optional)\n' +
    '  or when the lock file was written on another platform. Reinstall with them:\n' +
    `    npm install authgate ${wanted[0].package}\n` +
    fromSource
  );
}

module.exports = { PLATFORMS, detectLibc, candidates, findBinary };
