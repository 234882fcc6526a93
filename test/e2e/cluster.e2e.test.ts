// `probity cluster up|down|status` (issue 12, item 2; docs/cluster.md): a PostgreSQL primary and
// streaming standby, three `probity serve` processes on the primary and HAProxy in front, started
// from the built CLI (bin/probity.js, as `npm run cluster` runs it) in a scratch directory. The
// cluster suite needs Debian's PostgreSQL 15 programs and HAProxy; where they are missing it is
// NOT RUN, and says so. Everything it starts is stopped in afterAll, by process id, even when a
// test fails. The bad-input tests need neither and always run.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeFor, EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { personId } from '../factories/subjects.js';
import { probity, probityWithin, scratchDir, type CliRun } from '../support/cli-harness.js';
import {
  alive,
  clusterCli,
  clusterMachines,
  recordedPids,
  tearDownCluster,
} from '../support/cluster-harness.js';

const MACHINES = clusterMachines(
  'cluster suite (test/e2e/cluster.e2e.test.ts)',
  'The bad-input tests run.',
);

const CHECKER = 'demo-aviation-1';
const COURT = 'demo-court-1';
// `cluster up` seeds a city: about 15 s on a quiet machine, past 55 s under a load of 15.
const UP_MS = 120_000;

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms (${String(last)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function post(url: string, token: string, body: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('probity cluster refuses what it cannot do, clearly', () => {
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = scratchDir(prefix);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unknown cluster command as a usage error', async () => {
    const run = await clusterCli(['cluster', 'frobnicate']);
    expect(run.code).toBe(EXIT_USAGE);
    expect(run.stderr).toMatch(/^error UsageError: .*frobnicate/);
  });

  it('refuses a --dir that is a file, starting nothing', async () => {
    const file = join(tempDir('probity-cluster-file-'), 'not-a-dir');
    writeFileSync(file, 'a file\n');
    const run = await clusterCli(['cluster', 'up', '--dir', file]);
    expect(run.code).toBe(exitCodeFor('ClusterDirUnusable'));
    expect(run.stderr).toMatch(/^error ClusterDirUnusable: --dir .*not-a-dir is a file/);
    expect(readFileSync(file, 'utf8')).toBe('a file\n');
  });

  it('says a directory holds no cluster, and that down has nothing to stop there', async () => {
    const dir = tempDir('probity-cluster-none-');
    const status = await clusterCli(['cluster', 'status', '--dir', dir, '--json']);
    expect(status.code).toBe(exitCodeFor('ClusterNotFound'));
    expect(JSON.parse(status.stderr)).toMatchObject({ error: { code: 'ClusterNotFound' } });
    const down = await clusterCli(['cluster', 'down', '--dir', dir]);
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/nothing to stop/);
  });

  it('names the missing program when a PostgreSQL directory has none', async () => {
    const dir = tempDir('probity-cluster-nopg-');
    const run = await clusterCli([
      'cluster',
      'up',
      '--dir',
      dir,
      '--pg-bin',
      join(dir, 'no-such-bin'),
    ]);
    expect(run.code).toBe(exitCodeFor('ClusterToolMissing'));
    expect(run.stderr).toMatch(/^error ClusterToolMissing: .*initdb/);
  });
});

describe.each(MACHINES)('a local cluster on %s', () => {
  const dir = scratchDir('probity-cluster-');
  let status: {
    balancer: { url: string };
    servers: { url: string; pid: number | null }[];
    database: { primary: string; standby: string };
  };
  let upRun: CliRun;

  beforeAll(async () => {
    upRun = await probityWithin(
      ['cluster', 'up', '--dir', dir, '--sync', '--persons', '200', '--orgs', '20', '--json'],
      UP_MS,
    );
    if (upRun.code !== 0)
      throw new Error(`cluster up failed (${upRun.code}):\n${upRun.stderr.slice(-3000)}`);
  }, UP_MS + 5_000);

  afterAll(() => tearDownCluster(dir), 90_000);

  it('prints the balancer, the servers and the two databases in exactly the status shape', async () => {
    const run = await probityWithin(['cluster', 'status', '--dir', dir, '--json'], 15_000);
    expect(run.code).toBe(0);
    status = JSON.parse(run.stdout) as typeof status;
    expect(Object.keys(status).sort()).toEqual(['balancer', 'database', 'servers']);
    expect(Object.keys(status.balancer)).toEqual(['url']);
    expect(status.balancer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(status.servers).toHaveLength(3);
    for (const s of status.servers) {
      expect(Object.keys(s).sort()).toEqual(['pid', 'url']);
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(typeof s.pid === 'number' && alive(s.pid)).toBe(true);
    }
    expect(Object.keys(status.database).sort()).toEqual(['primary', 'standby']);
    expect(status.database.primary).toMatch(
      /^postgres:\/\/probity:[^@]+@127\.0\.0\.1:\d+\/probity$/,
    );
    expect(status.database.standby).toMatch(
      /^postgres:\/\/probity:[^@]+@127\.0\.0\.1:\d+\/probity$/,
    );
    // `up --json` printed the same.
    expect(JSON.parse(upRun.stdout.trim())).toEqual(status);
  });

  it('answers /readyz and a check through the balancer', async () => {
    const ready = await fetch(`${status.balancer.url}/readyz`, {
      signal: AbortSignal.timeout(5_000),
    });
    expect(ready.status).toBe(200);
    const check = await post(`${status.balancer.url}/v1/checks`, CHECKER, {
      subject: personId('1980-05-17', 71),
      measure: 'travel.flight',
      purpose: 'enforcement',
    });
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ measure: 'travel.flight' });
    expect(['allow', 'deny']).toContain(check.body['decision']);
  });

  it('shows a record written through one server in a read through another', async () => {
    const [first, second, third] = status.servers;
    if (!first || !second || !third) throw new Error('three servers expected');
    const subject = personId('1975-03-09', 412);
    const written = await post(`${first.url}/v1/records`, COURT, {
      records: [
        {
          sourceRef: 'cluster-e2e-1',
          subject,
          category: 'court.dishonest-debtor',
          occurredAt: '2026-01-15',
          fields: { amount: 2_500_000, caseNumber: '(2026)京0105执77号' },
        },
      ],
    });
    expect(written.status).toBe(201);
    const id = (written.body['results'] as { id: number; status: string }[])[0]?.id;
    expect(typeof id).toBe('number');
    // The other servers fold the ledger's new rows by polling it: wait (bounded) until the
    // second server's explanation of the subject holds the record.
    const seen = await waitFor(
      'the record in the second server',
      async () => {
        const response = await fetch(
          `${second.url}/v1/subjects/${subject}?purpose=dispute-review`,
          { headers: { authorization: `Bearer ${COURT}` }, signal: AbortSignal.timeout(5_000) },
        );
        if (response.status !== 200) return undefined;
        const body = (await response.json()) as {
          contributions: { recordId: number }[];
          notInForce: { recordId: number }[];
        };
        return [...body.contributions, ...body.notInForce].some((c) => c.recordId === id)
          ? body
          : undefined;
      },
      15_000,
    );
    expect(seen.contributions.map((c) => c.recordId)).toContain(id);
    const check = await post(`${third.url}/v1/checks`, CHECKER, {
      subject,
      measure: 'travel.flight',
      purpose: 'enforcement',
    });
    expect(check.status).toBe(200);
  });

  it('makes the standby synchronous with --sync: the primary waits for it by name', async () => {
    const primary = new pg.Client({ connectionString: status.database.primary });
    await primary.connect();
    try {
      const names = await primary.query<{ synchronous_standby_names: string }>(
        'show synchronous_standby_names',
      );
      expect(names.rows[0]?.synchronous_standby_names).toBe('probity_standby');
    } finally {
      await primary.end();
    }
    // The record written above was acknowledged: its commit waited for the standby.
    const run = await probityWithin(['cluster', 'status', '--dir', dir], 15_000);
    expect(run.stdout).toMatch(/standby +running, pid \d+ .*\(synchronous\)/);
  });

  it('gives a primary URL the CLI takes as --db, and a standby that replays it', async () => {
    const agencies = await probity(['agency', 'list', '--db', status.database.primary, '--json']);
    expect(agencies.code).toBe(0);
    const ids = agencies.json<{ agencies: { id: string }[] }>()[0]?.agencies.map((a) => a.id);
    // The ledger was set up once: each demo agency is there once.
    expect(ids).toContain('aviation');
    expect(ids).toContain('court');
    expect(new Set(ids).size).toBe(ids?.length);
    const standby = new pg.Client({ connectionString: status.database.standby });
    await standby.connect();
    try {
      const recovery = await standby.query<{ r: boolean }>('select pg_is_in_recovery() as r');
      expect(recovery.rows[0]?.r).toBe(true);
    } finally {
      await standby.end();
    }
  });

  it('says it is up already when asked again, starting nothing', async () => {
    const again = await probityWithin(['cluster', 'up', '--dir', dir, '--sync', '--json'], 15_000);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout.trim())).toEqual(status);
  });

  it('stops every process it started, by id, and shows them stopped', async () => {
    const pids = recordedPids(dir);
    expect(pids).toHaveLength(6);
    const down = await probityWithin(['cluster', 'down', '--dir', dir, '--json'], 60_000);
    expect(down.code).toBe(0);
    expect(JSON.parse(down.stdout.trim())).toEqual({
      stopped: ['server-1', 'server-2', 'server-3', 'balancer', 'standby', 'primary'],
    });
    expect(pids.filter(alive)).toEqual([]);
    const after = await probityWithin(['cluster', 'status', '--dir', dir, '--json'], 15_000);
    expect(after.code).toBe(0);
    const shown = JSON.parse(after.stdout) as typeof status;
    expect(shown.servers.map((s) => s.pid)).toEqual([null, null, null]);
  });
});
