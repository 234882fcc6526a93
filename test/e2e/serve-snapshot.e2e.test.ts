// `probity serve` and its engine snapshot (issue 11, item 2), as an operator meets them: a real
// server process writes the snapshot beside a SQLite ledger (at the latest on a clean shutdown)
// and says so in its log; a damaged snapshot is ignored with a warning in the log, the server
// starts cold and is ready all the same; the next start uses the snapshot the last one wrote.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BIN, probity, scratchDir } from '../support/cli-harness.js';

const T_INIT = '2026-01-01T00:00:00Z';

/** Starts `probity serve`, waits until it is ready, stops it with SIGTERM; returns its new log lines. */
async function serveOnce(cwd: string, db: string, keyFile: string, logFile: string) {
  const before = existsSync(logFile) ? readFileSync(logFile, 'utf8').length : 0;
  const env: NodeJS.ProcessEnv = { ...process.env, PROBITY_LOG_DESTINATION: logFile };
  for (const name of [
    'PROBITY_LOG_LEVEL',
    'PROBITY_NOW',
    'PROBITY_DATABASE_URL',
    'PROBITY_SNAPSHOT_FILE',
  ])
    delete env[name];
  const child = spawn(
    process.execPath,
    [
      ...[BIN, 'serve', '--db', db, '--key-file', keyFile, '--now', T_INIT],
      ...['--port', '0', '--host', '127.0.0.1', '--json'],
    ],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error('the server was not ready in 30 s')), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('{"url":')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`the server exited (${String(code)})`)));
    });
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  return readFileSync(logFile, 'utf8')
    .slice(before)
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as { msg: string; level: number; reason?: string; seq?: number })
    .filter((l) => l.msg.includes('snapshot'));
}

it('writes its engine snapshot, ignores a damaged one with a warning and starts cold, and starts from a good one', async () => {
  const cwd = scratchDir('probity-serve-snapshot-');
  const db = join(cwd, 'probity.db');
  const keyFile = join(cwd, 'authority-key.pem');
  const logFile = join(cwd, 'server.log');
  const cli = (...args: string[]) =>
    probity([...args, '--db', db, '--key-file', keyFile, '--now', T_INIT]);
  expect((await cli('init', '--simulation')).code).toBe(0);
  expect((await cli('agency', 'add', 'court-1', '--kind', 'court')).code).toBe(0);
  const snapshot = `${db}.snapshot`;

  const first = await serveOnce(cwd, db, keyFile, logFile);
  expect(first.map((l) => l.msg)).toEqual(['engine snapshot written']);
  expect(existsSync(snapshot)).toBe(true);

  const bytes = readFileSync(snapshot);
  const middle = Math.floor(bytes.length / 2);
  bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
  writeFileSync(snapshot, bytes);
  const damaged = await serveOnce(cwd, db, keyFile, logFile);
  expect(damaged[0]).toMatchObject({
    level: 40,
    msg: 'engine snapshot ignored (checksum mismatch: the file is corrupt): starting cold from the ledger',
    reason: 'checksum mismatch: the file is corrupt',
  });
  // Started cold, it wrote a good snapshot again; the next start uses it.
  expect(damaged.map((l) => l.msg)).toContain('engine snapshot written');

  const third = await serveOnce(cwd, db, keyFile, logFile);
  expect(third[0]).toMatchObject({ level: 30, msg: 'engine snapshot loaded' });
  expect(third.some((l) => l.level >= 40)).toBe(false);
}, 90_000);
