// The database failover drill (issue 12, item 3, second half; docs/cluster.md, "The database's
// failover"): a local cluster with synchronous replication (`up --sync`), two `probity serve`
// processes started with both databases in their `--db` (libpq's multi-host form, the primary
// first), HAProxy in front. Under a bounded load through the balancer (writers submitting court
// records, each with its own sourceRef, checkers asking travel.flight), `probity cluster
// failover` stops the primary at once (immediate shutdown) and promotes the standby. The servers
// are not restarted. Then:
//
//   1. writes resume: writes are accepted again after the promotion, and they are in the promoted
//      database; checks are answered again (every load loop's last request succeeds); a request
//      that failed in between failed as 503 StoreUnavailable (the servers' bounded wait for a
//      writable database), the balancer's 502/503/504 or a cut connection, never otherwise;
//   2. nothing acknowledged is lost (synchronous replication): every write answered 201, before
//      or after the stop, is in the promoted database exactly once with the id it was answered;
//      a write that failed is there 0 or 1 times, and sent again answers `duplicate` or
//      `accepted`, leaving it exactly once;
//   3. `probity verify --db <the promoted primary>` passes (the ledger's and the audit chain).
//
// Without the servers' reconnection (a `--db` naming the primary only) no write is ever accepted
// again, and the drill fails (checked when it was written).
//
// Its second part is the asynchronous case (src/store/postgres-ledger-guard.ts): the cluster
// started again without --sync, the standby cut off from the primary's WAL, three writes
// acknowledged, then the failover. Every server must notice that the promoted database lacks
// what it read and refuse (503 LedgerRewound), never write on the shorter history; without the
// guard the servers answer 201 and this part fails (checked when it was written).
//
// The suite needs Debian's PostgreSQL 15 programs and HAProxy; where they are missing it is NOT
// RUN, and says so. Everything it starts is stopped in afterAll, by process id, even on failure.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personId } from '../factories/subjects.js';
import { probityWithin, scratchDir } from '../support/cli-harness.js';
import {
  clusterCli,
  clusterMachines,
  drillRecord,
  postJson,
  tearDownCluster,
  type ClusterStatus,
  type Outcome,
  type RecordsAnswer,
} from '../support/cluster-harness.js';

const MACHINES = clusterMachines(
  'database failover drill (test/e2e/database-failover.e2e.test.ts)',
);

const CHECKER = 'demo-aviation-1';
const COURT = 'demo-court-1';
// `cluster up` seeds a city: about 15 s on a quiet machine, past 55 s under a load of 15.
const UP_MS = 120_000;
const WRITERS = 2;
const CHECKERS = 2;
/** When (from the load's start) the failover begins. */
const FAILOVER_AT_MS = 1_500;
/** Writes accepted after the promotion before the load stops; and the load's outer bound. */
const WRITES_AFTER = 10;
const LOAD_MAX_MS = 25_000;
const MAX_REQUESTS_PER_LOOP = 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The court record of the n-th write: its own subject and sourceRef. */
const recordOf = (run: string, n: number) =>
  drillRecord({ prefix: 'dbdrill', bornFrom: 1962, amount: 1_500_000 }, run, n);

describe.each(MACHINES)('the primary database stopped and the standby promoted, on %s', () => {
  const dir = scratchDir('probity-dbfailover-');
  let status: ClusterStatus;

  beforeAll(async () => {
    const up = await probityWithin(
      [
        ...['cluster', 'up', '--dir', dir, '--sync', '--servers', '2'],
        ...['--persons', '500', '--orgs', '50', '--json'],
      ],
      UP_MS,
    );
    if (up.code !== 0)
      throw new Error(`cluster up failed (${up.code}):\n${up.stderr.slice(-3000)}`);
    status = JSON.parse(up.stdout.trim()) as ClusterStatus;
  }, UP_MS + 5_000);

  afterAll(() => tearDownCluster(dir), 90_000);

  it('lets the servers reconnect by themselves: writes resume, nothing acknowledged is lost, the chains verify', async () => {
    const balancer = status.balancer.url;
    const oldPrimary = status.database.primary;
    const standby = status.database.standby;
    if (standby === null) throw new Error('the cluster has no standby');

    // -- The load, and the failover in the middle of it -------------------------------------------
    const run = Date.now().toString(36);
    const writes: { n: number; outcome: Outcome<RecordsAnswer> }[] = [];
    const checks: Outcome<unknown>[] = [];
    const loops: Outcome<unknown>[][] = [];
    let next = 0;
    let stop = false;
    let promotedAt = Infinity;
    const startedAt = performance.now();
    const running = () => !stop && performance.now() - startedAt < LOAD_MAX_MS;
    const writer = async () => {
      const mine: Outcome<unknown>[] = [];
      loops.push(mine);
      for (let i = 0; i < MAX_REQUESTS_PER_LOOP && running(); i++) {
        const n = next++;
        const outcome = await postJson<RecordsAnswer>(`${balancer}/v1/records`, COURT, {
          records: [recordOf(run, n)],
        });
        writes.push({ n, outcome });
        mine.push(outcome);
        // A refused write is not sent again at once (the servers wait for the database).
        if (outcome.status !== 201) await sleep(50);
      }
    };
    const checker = async (k: number) => {
      const mine: Outcome<unknown>[] = [];
      loops.push(mine);
      for (let i = 0; i < MAX_REQUESTS_PER_LOOP && running(); i++) {
        const outcome = await postJson(`${balancer}/v1/checks`, CHECKER, {
          subject: personId('1980-05-17', (k * 97 + i) % 1000),
          measure: 'travel.flight',
          purpose: 'enforcement',
        });
        checks.push(outcome);
        mine.push(outcome);
        if (outcome.status !== 200) await sleep(50);
      }
    };
    const load = Promise.all([
      ...Array.from({ length: WRITERS }, writer),
      ...Array.from({ length: CHECKERS }, (_, k) => checker(k)),
    ]);
    await sleep(FAILOVER_AT_MS);
    const failoverSent = performance.now();
    const failover = await clusterCli(['cluster', 'failover', '--dir', dir, '--json']);
    promotedAt = performance.now();
    expect(failover.code, failover.stderr).toBe(0);
    const after = JSON.parse(failover.stdout.trim()) as ClusterStatus;
    // The promoted database is the primary now; there is no standby until `up` makes one.
    expect(after.database).toEqual({ primary: standby, standby: null });
    // The load goes on until writes have been accepted again (bounded by LOAD_MAX_MS).
    const acceptedAfter = () =>
      writes.filter((w) => w.outcome.startedAt > promotedAt && w.outcome.status === 201).length;
    while (running() && acceptedAfter() < WRITES_AFTER) await sleep(50);
    stop = true;
    await load;

    const failed = (o: Outcome<unknown>) => o.status === 'no answer' || o.status >= 300;
    const writeOutcomes = writes.map((w) => w.outcome);
    const firstAcceptedAfter = writeOutcomes
      .filter((o) => o.startedAt > failoverSent && o.status === 201)
      .map((o) => o.endedAt)
      .sort((a, b) => a - b)[0];
    const report = {
      writes: writes.length,
      acknowledged: writeOutcomes.filter((o) => o.status === 201).length,
      acceptedAfterPromotion: acceptedAfter(),
      writeErrors: writeOutcomes.filter(failed).map((o) => o.status),
      checks: checks.length,
      checkErrors: checks.filter(failed).map((o) => o.status),
      failoverCommandMs: Math.round(promotedAt - failoverSent),
      failoverToWriteMs:
        firstAcceptedAfter === undefined ? null : Math.round(firstAcceptedAfter - failoverSent),
    };
    console.log(`database failover drill: ${JSON.stringify(report)}`);

    // -- 1. Writes resume, checks are answered again ---------------------------------------------
    expect(report.acceptedAfterPromotion).toBeGreaterThanOrEqual(WRITES_AFTER);
    for (const loop of loops) {
      const last = loop[loop.length - 1];
      expect(last?.status === 200 || last?.status === 201, last?.text).toBe(true);
    }
    // Nothing failed before the failover began.
    expect(
      [...writeOutcomes, ...checks].filter((o) => o.endedAt < failoverSent && failed(o)),
    ).toEqual([]);
    // What failed in between failed as a 503 of the servers (the database out of reach for the
    // bounded wait), the balancer's 502/503/504, or a cut connection; never another error.
    for (const o of [...writeOutcomes, ...checks].filter(failed)) {
      expect([502, 503, 504, 'no answer'], o.text).toContain(o.status);
      if (o.status === 503 && o.text !== undefined && o.text.includes('"code"'))
        expect(o.text).toMatch(/"code":"(StoreUnavailable|AuditWriteFailed|NotReady)"/);
    }

    // -- 2. Every acknowledged write is in the promoted database exactly once ---------------------
    const acknowledged = new Map<string, number>();
    const unanswered: number[] = [];
    for (const { n, outcome } of writes) {
      if (outcome.status === 201) {
        const result = outcome.body?.results[0];
        expect(result).toMatchObject({ sourceRef: recordOf(run, n).sourceRef, status: 'accepted' });
        acknowledged.set(recordOf(run, n).sourceRef, result?.id ?? -1);
      } else unanswered.push(n);
    }
    const promoted = new pg.Client({ connectionString: after.database.primary });
    await promoted.connect();
    const ledger = async () => {
      const { rows } = await promoted.query<{ source_ref: string; ids: number[] }>(
        `select source_ref, array_agg(id::int order by id) as ids from records
          where source_ref like $1 group by source_ref`,
        [`dbdrill-${run}-%`],
      );
      return new Map(rows.map((r) => [r.source_ref, r.ids]));
    };
    try {
      const { rows } = await promoted.query<{ standby: boolean }>(
        'select pg_is_in_recovery() as standby',
      );
      expect(rows[0]?.standby).toBe(false);
      const before = await ledger();
      for (const [sourceRef, id] of acknowledged)
        expect({ sourceRef, ids: before.get(sourceRef) }).toEqual({ sourceRef, ids: [id] });
      // A write that failed, sent again: `duplicate` with its id when it was written, else
      // `accepted`; once either way.
      const retried: string[] = [];
      for (const n of unanswered) {
        const record = recordOf(run, n);
        const ids = before.get(record.sourceRef) ?? [];
        expect(ids.length).toBeLessThanOrEqual(1);
        const again = await postJson<RecordsAnswer>(`${balancer}/v1/records`, COURT, {
          records: [record],
        });
        expect(again.status, again.text).toBe(201);
        expect(again.body?.results[0]).toEqual(
          ids[0] === undefined
            ? { sourceRef: record.sourceRef, id: expect.any(Number) as number, status: 'accepted' }
            : { sourceRef: record.sourceRef, id: ids[0], status: 'duplicate' },
        );
        retried.push(again.body?.results[0]?.status ?? 'none');
      }
      console.log(`database failover drill: failed writes sent again: ${JSON.stringify(retried)}`);
      const final = await ledger();
      expect([...final.values()].filter((ids) => ids.length !== 1)).toEqual([]);
      expect(final.size).toBe(acknowledged.size + unanswered.length);
    } finally {
      await promoted.end();
    }
    // The old primary is stopped (its data moved aside): nothing answers at its address.
    const old = new pg.Client({ connectionString: oldPrimary, connectionTimeoutMillis: 2_000 });
    old.on('error', () => undefined);
    await expect(old.connect()).rejects.toThrow();

    // -- 3. The chains verify on the promoted primary ---------------------------------------------
    const verify = await probityWithin(
      ['verify', '--db', after.database.primary, '--out', join(dir, 'publications')],
      30_000,
    );
    expect(verify.code, `probity verify:\n${verify.stdout}${verify.stderr}`).toBe(0);
  }, 60_000);

  it(
    'makes the servers refuse, with LedgerRewound, when an asynchronous standby promoted lacks writes they read',
    async () => {
      // The cluster again, asynchronous: `up` makes a new standby from the promoted primary.
      const up = await probityWithin(
        ['cluster', 'up', '--dir', dir, '--servers', '2', '--json'],
        UP_MS - 15_000,
      );
      expect(up.code, up.stderr.slice(-2000)).toBe(0);
      const cluster = JSON.parse(up.stdout.trim()) as ClusterStatus;
      const balancer = cluster.balancer.url;
      if (cluster.database.standby === null) throw new Error('up made no standby');
      const state = JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8')) as {
        passwords: { superuser: string };
        standby: { port: number };
      };
      const run = `async-${Date.now().toString(36)}`;
      const write = (n: number) =>
        postJson<RecordsAnswer>(`${balancer}/v1/records`, COURT, { records: [recordOf(run, n)] });
      expect((await write(0)).status).toBe(201);

      // The standby stops receiving WAL (its primary_conninfo emptied, reloaded), as a standby
      // lagging behind when the primary dies: what is written next reaches the primary only.
      const standby = new pg.Client({
        host: '127.0.0.1',
        port: state.standby.port,
        user: 'postgres',
        password: state.passwords.superuser,
        database: 'postgres',
      });
      await standby.connect();
      try {
        await standby.query("alter system set primary_conninfo = ''");
        await standby.query('select pg_reload_conf()');
        let receiving = true;
        for (let i = 0; i < 100 && receiving; i++) {
          const { rowCount } = await standby.query('select 1 from pg_stat_wal_receiver');
          receiving = rowCount !== 0;
          if (receiving) await sleep(100);
        }
        expect(receiving).toBe(false);
      } finally {
        await standby.end();
      }
      // Acknowledged on the primary, and read by both servers (the writer follows its write, the
      // other hears of it), but never on the standby.
      for (let n = 1; n <= 3; n++) expect((await write(n)).status).toBe(201);
      await sleep(500);

      const failover = await clusterCli(['cluster', 'failover', '--dir', dir, '--json']);
      expect(failover.code, failover.stderr).toBe(0);

      // Every server finds out at its next connection, and refuses rather than serve the shorter
      // history: writes and checks (each audited) answer 503 LedgerRewound.
      const refused = new Set<string>();
      for (let i = 0; i < 200 && refused.size < cluster.servers.length; i++) {
        for (const server of cluster.servers) {
          const answer = await postJson(`${server.url}/v1/records`, COURT, {
            records: [recordOf(run, 100 + i)],
          });
          // Never a write on the shorter history: 503, StoreUnavailable until it reconnects.
          expect(answer.status, answer.text).toBe(503);
          if (answer.text?.includes('"code":"LedgerRewound"')) refused.add(server.url);
        }
        if (refused.size < cluster.servers.length) await sleep(100);
      }
      expect([...refused].sort()).toEqual(cluster.servers.map((s) => s.url).sort());
      const check = await postJson(`${balancer}/v1/checks`, CHECKER, {
        subject: personId('1980-05-17', 1),
        measure: 'travel.flight',
        purpose: 'enforcement',
      });
      expect(check.status).toBe(503);
      expect(check.text).toContain('"code":"LedgerRewound"');
      // And each says so at /readyz, so that HAProxy takes it out until an operator restarts it.
      for (const server of cluster.servers) {
        const ready = await fetch(`${server.url}/readyz`);
        expect(ready.status).toBe(503);
        expect(await ready.text()).toContain('"code":"LedgerRewound"');
      }
      // Said loudly in each server's log.
      for (let n = 1; n <= cluster.servers.length; n++)
        expect(readFileSync(join(dir, 'logs', `server-${n}.log`), 'utf8')).toContain(
          'PROBITY ALARM',
        );

      // The promoted database lacks the three writes, and nothing was written on it since.
      const promoted = new pg.Client({ connectionString: cluster.database.standby });
      await promoted.connect();
      try {
        const { rows } = await promoted.query<{ source_ref: string }>(
          'select source_ref from records where source_ref like $1 order by source_ref',
          [`dbdrill-${run}-%`],
        );
        expect(rows.map((r) => r.source_ref)).toEqual([recordOf(run, 0).sourceRef]);
      } finally {
        await promoted.end();
      }
    },
    UP_MS + 45_000,
  );
});
