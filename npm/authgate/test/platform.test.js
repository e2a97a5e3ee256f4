'use strict';
// node --test npm/authgate/test: the launcher's choice of platform package, without npm.
const test = require('node:test');
const assert = require('node:assert/strict');
const { PLATFORMS, candidates, detectLibc, findBinary } = require('../lib/platform.js');

const names = (list) => list.map((p) => p.package);
const noReport = () => undefined;

test('every platform of the table is reachable from its own os/cpu/libc', () => {
  for (const [target, p] of Object.entries(PLATFORMS)) {
    assert.equal(names(candidates(p.os, p.cpu, p.libc))[0], p.package, target);
  }
  assert.equal(Object.keys(PLATFORMS).length, 7);
});

test('glibc falls back to the static musl build; musl never takes the glibc one', () => {
  assert.deepEqual(names(candidates('linux', 'x64', 'glibc')), ['@authgate/linux-x64', '@authgate/linux-x64-musl']);
  assert.deepEqual(names(candidates('linux', 'arm64', 'musl')), ['@authgate/linux-arm64-musl']);
  assert.deepEqual(names(candidates('freebsd', 'x64', undefined)), []);
});

test('musl is told from glibc by /usr/bin/ldd, else by the report', () => {
  assert.equal(detectLibc(() => '#!/bin/sh\nexec /lib/ld-musl-x86_64.so.1 --list "$@"', noReport), 'musl');
  assert.equal(detectLibc(() => '# This file is part of the GNU C Library.', noReport), 'glibc');
  const missing = () => {
    throw new Error('ENOENT');
  };
  assert.equal(detectLibc(missing, () => ({ header: { glibcVersionRuntime: '2.17' } })), 'glibc');
  assert.equal(detectLibc(missing, () => ({ header: {} })), 'musl');
});

test('the installed package wins, the musl one when the glibc one is absent', () => {
  const installed = new Set(['/nm/@authgate/linux-x64-musl/bin/authgate']);
  const found = findBinary({
    platform: 'linux',
    arch: 'x64',
    libc: 'glibc',
    env: {},
    resolve: (id) => {
      if (id !== '@authgate/linux-x64-musl/package.json') throw new Error('MODULE_NOT_FOUND');
      return '/nm/@authgate/linux-x64-musl/package.json';
    },
    exists: (p) => installed.has(p),
  });
  assert.equal(found.path, '/nm/@authgate/linux-x64-musl/bin/authgate');
});

test('windows runs authgate.exe', () => {
  const found = findBinary({
    platform: 'win32',
    arch: 'x64',
    env: {},
    resolve: () => '/nm/@authgate/win32-x64/package.json',
    exists: () => true,
  });
  assert.match(found.path, /win32-x64[\\/]bin[\\/]authgate\.exe$/);
});

test('a missing package is named, with the cargo install route', () => {
  const none = () => {
    throw new Error('MODULE_NOT_FOUND');
  };
  const { message } = findBinary({ platform: 'darwin', arch: 'arm64', env: {}, resolve: none, exists: () => false });
  assert.match(message, /@authgate\/darwin-arm64/);
  assert.match(message, /cargo install --locked/);
  const other = findBinary({ platform: 'sunos', arch: 'x64', env: {}, resolve: none, exists: () => false });
  assert.match(other.message, /no prebuilt authgate binary for sunos x64/);
});

test('AUTHGATE_BINARY overrides the search, and must exist', () => {
  const env = { AUTHGATE_BINARY: '/opt/authgate' };
  assert.equal(findBinary({ env, exists: () => true }).path, '/opt/authgate');
  assert.match(findBinary({ env, exists: () => false }).message, /does not exist/);
});
