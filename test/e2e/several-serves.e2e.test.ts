// `probity serve` as built (bin/probity.js), several processes on one ledger (issue 12, item 1):
// the composition root opens the cluster coordination beside the store (main/server.ts). On
// PostgreSQL (PROBITY_TEST_DATABASE_URL; global-setup.ts says when the PostgreSQL suites are NOT
// RUN), two servers, each in its own directory (so each has its own notices file, ./data/ on
// PostgreSQL): a record accepted by one is folded by the other, and its notice is delivered by
// exactly one of them, once. On SQLite, one server delivers alone, as before. This holds the
// wiring of the built server (the leadership itself is proved, without timing, in
// test/http/several-servers.e2e.test.ts). Every process is started on 127.0.0.1 on a free port and
// stopped in afterAll by its id; every wait is bounded.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { personId } from '../factories/subjects.js';
import {
  probity,
  scratchDir,
  startServeProcess,
  stopServeProcess,
  type ServeProcess,
} from '../support/cli-harness.js';
import { postgresTarget, type StoreTarget } from '../support/store-targets.js';

const T_INIT = '2026-01-01T00:00:00Z';
const T1 = '2026-06-01T00:00:00Z';
const WAIT_MS = 30_000;

/** Waits (bounded) until `ready()` holds; fails naming `what` otherwise. */
async function until(what: string, ready: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The ids of the notices a server delivered to its file (`notices` is where it writes them). */
function delivered(notices: string): number[] {
  if (!existsSync(notices)) return [];
  return readFileSync(notices, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { id: number }).id);
}

async function lastSeq(serve: ServeProcess): Promise<number> {
  const res = await fetch(`${serve.url}/readyz`);
  if (res.status !== 200) return 0;
  return ((await res.json()) as { lastSeq: number }).lastSeq;
}

/** A simulation ledger at `db` with a court and an airline; their tokens. */
async function setUp(db: string, keyFile: string): Promise<{ court: string; aviation: string }> {
  const at = (...args: string[]) =>
    probity([...args, '--db', db, '--key-file', keyFile, '--now', T_INIT]);
  expect((await at('init', '--simulation')).code).toBe(0);
  const token = async (id: string, kind: string) => {
    const run = await at('agency', 'add', id, '--kind', kind, '--json');
    const added = run.json<{ token: string }>()[0]?.token;
    if (added === undefined) throw new Error(`agency ${id} not added: ${run.stderr}`);
    return added;
  };
  return {
    court: await token('court-1', 'court'),
    aviation: await token('aviation-1', 'aviation'),
  };
}

async function submit(
  serve: ServeProcess,
  court: string,
  subject: string,
  ref: string,
): Promise<void> {
  const res = await fetch(`${serve.url}/v1/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${court}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      records: [
        {
          sourceRef: ref,
          subject,
          category: 'court.dishonest-debtor',
          occurredAt: '2026-05-01',
          fields: { amount: 2_500_000, caseNumber: `(2026)京0105执${ref}号` },
        },
      ],
    }),
  });
  expect(res.status).toBe(201);
}

const SUBJECT = personId('1980-05-17', 233);

describe('probity serve alone on SQLite', () => {
  const started: ServeProcess[] = [];
  afterAll(async () => {
    for (const serve of started) await stopServeProcess(serve);
  });

  it('delivers the notice of a record it accepted itself', async () => {
    const dir = scratchDir('probity-serve-alone-');
    const db = join(dir, 'probity.db');
    const keyFile = join(dir, 'authority-key.pem');
    const { court } = await setUp(db, keyFile);
    const serve = await startServeProcess({ db, keyFile, now: T1, cwd: dir });
    started.push(serve);
    await submit(serve, court, SUBJECT, 'alone-1');
    // Beside a SQLite ledger.
    const notices = join(dir, 'notices.jsonl');
    await until('the notice to be delivered', () => delivered(notices).length > 0);
    expect(delivered(notices)).toHaveLength(1);
  });
});

const targets: StoreTarget[] = process.env.PROBITY_TEST_DATABASE_URL
  ? [postgresTarget(process.env.PROBITY_TEST_DATABASE_URL, 'serve_two')]
  : [];

for (const target of targets) {
  describe(`two probity serve on one ledger: ${target.name}`, () => {
    const started: ServeProcess[] = [];
    afterAll(async () => {
      for (const serve of started) await stopServeProcess(serve);
      await target.end();
    });

    it('folds on one server a record accepted by the other, and delivers its notice from one server only, once', async () => {
      const db = await target.newLocation();
      const keyDir = scratchDir('probity-serve-two-');
      const keyFile = join(keyDir, 'authority-key.pem');
      const { court } = await setUp(db, keyFile);
      const one = await startServeProcess({
        db,
        keyFile,
        now: T1,
        cwd: scratchDir('probity-serve-one-'),
      });
      started.push(one);
      const two = await startServeProcess({
        db,
        keyFile,
        now: T1,
        cwd: scratchDir('probity-serve-two-'),
      });
      started.push(two);
      await until(
        'both servers to be ready',
        async () => (await lastSeq(one)) > 0 && (await lastSeq(two)) > 0,
      );

      await submit(one, court, SUBJECT, 'two-1');
      await submit(two, court, personId('1979-11-02', 18), 'two-2');
      const head = Math.max(await lastSeq(one), await lastSeq(two));
      await until(
        'each server to fold the other one’s record',
        async () => (await lastSeq(one)) >= head && (await lastSeq(two)) >= head,
      );

      const files = [one, two].map((s) => join(s.cwd, 'data', 'notices.jsonl'));
      await until(
        'both notices to be delivered',
        () => files.reduce((n, f) => n + delivered(f).length, 0) >= 2,
      );
      // Each notice delivered once, both by the server that leads the delivery.
      const byServer = files.map(delivered);
      expect(byServer.flat()).toHaveLength(2);
      expect(new Set(byServer.flat()).size).toBe(2);
      expect(byServer.map((ids) => ids.length).sort()).toEqual([0, 2]);
      await target.dispose(db);
    });
  });
}
