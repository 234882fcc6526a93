// `probity serve` logs one line per request by default (issue 10, failure 9: there was no request
// log): a real server process, its log sent to a file by PROBITY_LOG_DESTINATION at the default
// level, answers requests naming identifiers in paths and queries; the file then holds one JSON
// line per request with the route pattern, status and caller, and no full identifier or token.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { personId } from '../factories/subjects.js';
import { BIN, probity, scratchDir } from '../support/cli-harness.js';

const T_INIT = '2026-01-01T00:00:00Z';
const PERSON = personId('1988-08-08', 88);
const LEGACY = '110106730917001';

it('writes one masked JSON line per request to the log destination, at the default level', async () => {
  const cwd = scratchDir('probity-serve-log-');
  const db = join(cwd, 'probity.db');
  const keyFile = join(cwd, 'authority-key.pem');
  const logFile = join(cwd, 'server.log');
  const cli = (...args: string[]) =>
    probity([...args, '--db', db, '--key-file', keyFile, '--now', T_INIT]);
  expect((await cli('init', '--simulation')).code).toBe(0);
  const token = (await cli('agency', 'add', 'aviation-1', '--kind', 'aviation', '--json')).json<{
    token: string;
  }>()[0]?.token;
  if (!token) throw new Error('no token');

  const env: NodeJS.ProcessEnv = { ...process.env, PROBITY_LOG_DESTINATION: logFile };
  for (const name of ['PROBITY_LOG_LEVEL', 'PROBITY_NOW', 'PROBITY_DATABASE_URL']) delete env[name];
  const child = spawn(
    process.execPath,
    [
      ...[BIN, 'serve', '--db', db, '--key-file', keyFile, '--now', T_INIT],
      ...['--port', '0', '--host', '127.0.0.1', '--json'],
    ],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error('the server did not start in 30 s')), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const line = stdout.split('\n').find((l) => l.startsWith('{"url":'));
        if (line) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { url: string }).url);
        }
      });
      child.once('exit', (code) => reject(new Error(`the server exited (${String(code)})`)));
    });
    const headers = { authorization: `Bearer ${token}` };
    const asked = [
      `/v1/subjects/${PERSON}?purpose=enforcement`,
      `/v1/subjects/${LEGACY}?purpose=enforcement`,
      `/healthz?subject=${PERSON}`,
    ];
    for (const path of asked) await (await fetch(`${url}${path}`, { headers })).text();
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  expect(existsSync(logFile)).toBe(true);
  const text = readFileSync(logFile, 'utf8');
  for (const secret of [PERSON, LEGACY, token]) expect(text).not.toContain(secret);
  const requests = text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.msg === 'request');
  expect(requests.map((r) => [r.route, r.caller])).toEqual([
    ['/v1/subjects/:identifier', 'agency'],
    ['/v1/subjects/:identifier', 'agency'],
    ['/healthz', 'agency'],
  ]);
  expect(requests[0]).toMatchObject({ agency: 'aviation-1', status: 200, level: 30 });
});
