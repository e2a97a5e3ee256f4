// Writes the package.json files of a staged launcher package and one staged platform package.
// Called by scripts/package-npm.sh; not part of any package.
//
//   node npm/write-manifests.mjs TARGET VERSION LAUNCHER_DIR PLATFORM_DIR [DEV_NOTE]
//
// DEV_NOTE (non-empty) marks the platform package private, so `npm publish` refuses it:
// the packaging script passes it when it packed a binary that failed the glibc check.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [target, version, launcherDir, platformDir, devNote = ''] = process.argv.slice(2);
if (!target || !version || !launcherDir || !platformDir) {
  console.error('usage: node npm/write-manifests.mjs TARGET VERSION LAUNCHER_DIR PLATFORM_DIR [DEV_NOTE]');
  process.exit(2);
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file, value) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

const platforms = readJson(join(here, 'authgate', 'lib', 'platforms.json'));
const entry = platforms[target];
if (!entry) {
  console.error(`unknown target ${target}; known: ${Object.keys(platforms).join(', ')}`);
  process.exit(2);
}

const launcher = readJson(join(here, 'authgate', 'package.json'));
launcher.version = version;
launcher.optionalDependencies = Object.fromEntries(
  Object.values(platforms).map((p) => [p.package, version]),
);
writeJson(join(launcherDir, 'package.json'), launcher);

const shortName = entry.package.split('/').pop();
const platform = readJson(join(here, 'platform', 'package.json'));
platform.name = entry.package;
platform.version = version;
platform.description = platform.description.replace('PLATFORM', `${shortName} (${target})`);
platform.os = [entry.os];
platform.cpu = [entry.cpu];
if (entry.libc) platform.libc = [entry.libc];
else delete platform.libc;
platform.files = [`bin/${entry.binary}`];
if (devNote) {
  platform.private = true;
  platform.description += ` — ${devNote}`;
}
writeJson(join(platformDir, 'package.json'), platform);

// What the packaging script needs next: the binary's file name inside bin/.
console.log(entry.binary);
