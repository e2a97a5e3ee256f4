// Bundled authorizer vs a jose-based and a jwks-rsa+jsonwebtoken-based one, same tokens,
// same node: warm throughput, cold module load, zipped bundle size. Run through run.sh.
//   node bench.mjs AUTHGATE_BINARY
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const authgate = resolve(process.argv[2]);
const WARM_COUNT = Number(process.env.WARM_COUNT ?? 20000);
const COLD_RUNS = Number(process.env.COLD_RUNS ?? 21);
const contenders = [
  { name: "authgate index.mjs", file: resolve(here, "../../assets/authorizer/index.mjs"), deps: [] },
  { name: "jose", file: join(here, "jose-authorizer.mjs"), deps: ["jose"] },
  { name: "jwks-rsa + jsonwebtoken", file: join(here, "jwksrsa-authorizer.mjs"), deps: ["jwks-rsa", "jsonwebtoken"] },
];

// One RSA-2048 key, its JWKS on loopback, one valid token for every contender.
const key = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwks = JSON.stringify({ keys: [{ ...key.publicKey.export({ format: "jwk" }), kid: "bench", use: "sig", alg: "RS256" }] });
const server = createServer((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(jwks));
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const env = {
  ...process.env,
  TOKEN_ISSUER: "https://bench.example/",
  AUDIENCE: "https://petstore.example",
  JWKS_URI: `http://127.0.0.1:${server.address().port}/.well-known/jwks.json`,
};
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
const now = Math.floor(Date.now() / 1000);
const input = `${b64({ alg: "RS256", typ: "JWT", kid: "bench" })}.${b64({
  iss: env.TOKEN_ISSUER, aud: [env.AUDIENCE, "https://bench.example/userinfo"], sub: "bench@clients",
  exp: now + 86400, iat: now, scope: "read:pets write:pets", azp: "bench",
})}`;
const token = `${input}.${sign("RSA-SHA256", Buffer.from(input), key.privateKey).toString("base64url")}`;
const event = JSON.stringify({
  type: "TOKEN", authorizationToken: `Bearer ${token}`,
  methodArn: "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets",
});

function warm(file) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(here, "warm.mjs"), file, String(WARM_COUNT)], { env, stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("close", (code) => (code === 0 ? ok(JSON.parse(out)) : fail(new Error(`${file}: exit ${code}`))));
    child.stdin.end(event);
  });
}

// Cold starts, round-robin over the files so that machine load hits them all alike. Per
// file, the medians (ms) of the whole process (spawn to exit) and of the `import()` alone,
// timed inside the fresh process.
function coldMs(files) {
  const wall = files.map(() => []);
  const inside = files.map(() => []);
  for (let i = 0; i < COLD_RUNS; i++) {
    files.forEach((file, k) => {
      const url = JSON.stringify(pathToFileURL(file).href);
      const code = `const t = performance.now(); await import(${url}); process.stdout.write(String(performance.now() - t));`;
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { env });
      if (r.status !== 0) throw new Error(`${file}: ${r.stderr}`);
      wall[k].push(Number(process.hrtime.bigint() - start) / 1e6);
      inside[k].push(Number(r.stdout.toString()));
    });
  }
  const median = (t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
  return files.map((_, k) => ({ wall: median(wall[k]), inside: median(inside[k]) }));
}

// The package and everything it needs, as npm laid them out under node_modules.
function closure(names, from = here, seen = new Set()) {
  for (const name of names) {
    // npm's lookup: the package's own node_modules, then each enclosing one, up to ours.
    let dir = from;
    while (!existsSync(join(dir, "node_modules", name))) {
      const up = dir.lastIndexOf("/node_modules/");
      if (dir === here || up < 0) throw new Error(`${name} is not installed`);
      dir = dir.slice(0, up);
    }
    const pkgDir = join(dir, "node_modules", name);
    if (seen.has(pkgDir)) continue;
    seen.add(pkgDir);
    const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
    closure(Object.keys(pkg.dependencies ?? {}), pkgDir, seen);
  }
  return seen;
}

function bundleBytes(contender, scratch) {
  const out = join(scratch, `${contender.deps.join("-") || "authgate"}.zip`);
  if (contender.deps.length === 0) {
    execFileSync(authgate, ["--state-dir", join(scratch, ".authgate"), "authorizer", "bundle", "-o", out], { stdio: "ignore" });
    return { bytes: statSync(out).size, packages: 0 };
  }
  const dirs = [...closure(contender.deps)].map((d) => d.slice(here.length + 1));
  execFileSync("zip", ["-q", "-r", "-X", out, contender.file.slice(here.length + 1), ...dirs], { cwd: here });
  return { bytes: statSync(out).size, packages: dirs.length };
}

const scratch = mkdtempSync(join(tmpdir(), "authgate-bench-"));
try {
  const [baseline, ...colds] = coldMs([join(here, "empty.mjs"), ...contenders.map((c) => c.file)]);
  const rows = [];
  for (const [k, c] of contenders.entries()) {
    const w = await warm(c.file);
    const cold = colds[k].wall;
    const load = Math.max(0, colds[k].inside - baseline.inside);
    rows.push({ ...c, warm: w.ops_per_s, cold, load, ...bundleBytes(c, scratch) });
  }
  const ours = rows[0];
  const theirs = rows.slice(1);
  const bestWarm = Math.max(...theirs.map((r) => r.warm));
  const fastestLoad = Math.min(...theirs.map((r) => r.load));
  console.log(`node ${process.version}, ${WARM_COUNT} warm invocations x3 (median), ${COLD_RUNS} cold starts (median); baseline: node + import of an empty module ${baseline.wall.toFixed(1)} ms, the import alone ${baseline.inside.toFixed(2)} ms\n`);
  console.log("| authorizer | warm invocations/s | cold process ms (spawn to exit) | module load ms (import, minus empty module) | zipped bundle | packages |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(`| ${r.name} | ${Math.round(r.warm)} | ${r.cold.toFixed(1)} | ${r.load.toFixed(2)} | ${(r.bytes / 1024).toFixed(1)} KiB | ${r.packages} |`);
  }
  const verdict = (ok) => (ok ? "met" : "NOT met");
  console.log(`\nTargets: warm >= best of them (${Math.round(ours.warm)} vs ${Math.round(bestWarm)}): ${verdict(ours.warm >= bestWarm)}; ` +
    `load <= 1/5 of theirs (${ours.load.toFixed(2)} vs ${(fastestLoad / 5).toFixed(2)} ms): ${verdict(ours.load <= fastestLoad / 5)}; ` +
    `bundle <= 16 KiB (${(ours.bytes / 1024).toFixed(1)} KiB): ${verdict(ours.bytes <= 16 * 1024)}`);
} finally {
  server.close();
  rmSync(scratch, { recursive: true, force: true });
}
