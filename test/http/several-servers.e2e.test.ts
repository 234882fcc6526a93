// Several servers, one ledger (issue 12, item 1): two servers, each with its own store connections
// and its own cluster coordination (store/postgres-coordination.ts), on one PostgreSQL ledger,
// in this test process, answering through Fastify. A record accepted by one is reflected in
// checks on the other with the poll an hour apart (so the LISTEN/NOTIFY path carried it); checks
// answered concurrently by both leave one audit chain that verifies; the daily publication and a
// notice delivery pass run on one server only, and when that server goes its role passes to the
// other; two servers syncing the same tail write each feed change once, even when one of them is
// behind the ledger head. On PostgreSQL only (PROBITY_TEST_DATABASE_URL; global-setup.ts says when
// the PostgreSQL suites are NOT RUN); on SQLite, one server alone leads every role and hears no one.
// Every wait is bounded; nothing is timed.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../src/app/audit/audit-verify.js';
import type {
  ClusterCoordination,
  ClusterLocks,
  LedgerHeadWatcher,
} from '../../src/app/ports/cluster-coordination.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import type { StandingStep } from '../../src/app/standing/live-standing.js';
import { instant } from '../../src/core/time/instant.js';
import { buildServer, type ProbityHttp } from '../../src/http/server.js';
import { fileNoticeChannel } from '../../src/io/file-notice-channel.js';
import { keyFileSigner } from '../../src/io/key-file-signer.js';
import { openServerApp, type ServerApp } from '../../src/main/server-app.js';
import { openCoordination, openStore } from '../../src/store/index.js';
import { LEADER_APPLICATION, WATCH_APPLICATION } from '../../src/store/postgres-coordination.js';
import { personId } from '../factories/subjects.js';
import { scratchDir } from '../support/cli-harness.js';
import { postgresTarget, type StoreTarget } from '../support/store-targets.js';
import {
  bearer,
  DAY,
  debtorRecord,
  ingestAsCourt,
  openCityStore,
  T0,
  testClock,
  type TestClock,
} from './http-harness.js';

const LIST = 'dishonest-debtors';
const FIRST = personId('1980-05-17', 233);
const SECOND = personId('1979-11-02', 18);
const THIRD = personId('1975-02-03', 44);
/** The poll, an hour apart: only a notification explains a write seen sooner. */
const POLL_MS = 3_600_000;
/** The longest any wait for another server may take before the test fails. */
const WAIT_MS = 15_000;

/** Waits (bounded) until `ready()` holds; fails naming `what` otherwise. */
async function until(what: string, ready: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Server {
  readonly name: string;
  readonly server: ServerApp;
  readonly app: ProbityHttp;
  readonly store: LedgerStore;
  readonly noticesFile: string;
  /** Heads this server heard from the watcher (undefined: the watch (re)connected). */
  readonly heard: (number | undefined)[];
  check(subject: string): Promise<string>;
  close(): Promise<void>;
}

interface ServerOn {
  readonly name: string;
  readonly location: string;
  readonly dir: string;
  readonly clock: TestClock;
  readonly store?: LedgerStore;
  readonly onStep?: (step: StandingStep) => Promise<void>;
  readonly load?: boolean;
}

/** A server on the ledger at `location`: its own store connections and coordination. */
async function serverOn(options: ServerOn): Promise<Server> {
  const store = options.store ?? (await openStore(options.location));
  const coordination: ClusterCoordination = openCoordination(options.location);
  const heard: (number | undefined)[] = [];
  const headWatcher: LedgerHeadWatcher = {
    watch: (onHead) =>
      coordination.headWatcher.watch((head) => {
        heard.push(head);
        onHead(head);
      }),
  };
  const noticesFile = join(options.dir, `notices-${options.name}.jsonl`);
  const server = openServerApp(store, {
    clock: options.clock,
    pollMs: POLL_MS,
    signer: keyFileSigner(join(options.dir, 'authority-key.pem')),
    noticeChannel: fileNoticeChannel(noticesFile),
    coordination,
    headWatcher,
    onStep: options.onStep,
  });
  const app = await buildServer(server.httpDeps, {});
  await app.ready();
  if (options.load !== false) await server.load();
  let closed: Promise<void> | undefined;
  return {
    name: options.name,
    server,
    app,
    store,
    noticesFile,
    heard,
    async check(subject) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/checks',
        headers: bearer('aviation'),
        payload: { subject, measure: 'travel.flight', purpose: 'enforcement' },
      });
      expect(res.statusCode).toBe(200);
      return res.json<{ decision: string }>().decision;
    },
    close() {
      closed ??= (async () => {
        await app.close();
        await server.close();
        await coordination.close();
        await store.close();
      })();
      return closed;
    },
  };
}

/** The ids of the notices a server's file channel delivered. */
function deliveredIds(server: Server): number[] {
  if (!existsSync(server.noticesFile)) return [];
  return readFileSync(server.noticesFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { id: number }).id);
}

/** Court's record event on a record, through a server's API. */
async function fulfil(server: Server, recordId: number): Promise<void> {
  const res = await server.app.inject({
    method: 'POST',
    url: `/v1/records/${recordId}/events`,
    headers: bearer('court'),
    payload: { type: 'fulfilled' },
  });
  expect(res.statusCode).toBe(201);
}

/** The PostgreSQL target alone (none without PROBITY_TEST_DATABASE_URL). */
function postgresTargets(prefix: string): StoreTarget[] {
  const url = process.env.PROBITY_TEST_DATABASE_URL;
  return url ? [postgresTarget(url, prefix)] : [];
}

describe('one server alone on SQLite', () => {
  it('leads the publication and the notice delivery itself, and hears no other server', async () => {
    const dir = scratchDir('probity-alone-');
    const { store, path } = await openCityStore(join(dir, 'p.db'));
    await ingestAsCourt(
      store,
      [debtorRecord(FIRST, 'alone-1', '2026-01-20')],
      instant(T0 - 20 * DAY),
    );
    const alone = await serverOn({
      name: 'alone',
      location: path,
      dir,
      clock: testClock(T0),
      store,
    });
    try {
      const delivered = await alone.server.deliverNotices();
      expect(delivered?.delivered).toBeGreaterThan(0);
      expect(deliveredIds(alone)).toHaveLength(delivered?.delivered ?? -1);
      const published = await alone.server.publishScheduled({ outDir: join(dir, 'pub') });
      expect(published).toBeDefined();
      expect(alone.heard).toEqual([]);
    } finally {
      await alone.close();
    }
  });

  it('leaves the feed sync to a server that holds it, and syncs it itself shortly after', async () => {
    const dir = scratchDir('probity-busy-');
    const { store } = await openCityStore(join(dir, 'p.db'));
    await ingestAsCourt(
      store,
      [debtorRecord(FIRST, 'busy-1', '2026-01-20')],
      instant(T0 - 20 * DAY),
    );
    // Cluster locks whose feed sync another server holds for the first two attempts.
    const attempts: string[] = [];
    const locks: ClusterLocks = {
      shared: true,
      async exclusive(work, run) {
        attempts.push(work);
        if (work === 'list-feeds' && attempts.filter((w) => w === work).length <= 2) {
          return { ran: false };
        }
        return { ran: true, value: await run() };
      },
      lead: () => Promise.resolve(true),
    };
    const server = openServerApp(store, { clock: testClock(T0), pollMs: POLL_MS, locks });
    try {
      await server.load();
      expect(await store.readFeed(LIST, 0, 100)).toEqual([]);
      await until('the feed sync to be tried again', async () =>
        (await store.readFeed(LIST, 0, 100)).some((d) => d.subject === FIRST),
      );
      await server.standing.inStep('notices');
      expect((await store.readFeed(LIST, 0, 100)).map((d) => [d.op, d.subject])).toEqual([
        ['add', FIRST],
      ]);
      expect(attempts.filter((w) => w === 'list-feeds').length).toBeGreaterThanOrEqual(3);
      // Kept with the deltas: the ledger sequence they were computed at.
      expect(await store.feedLedgerSeq()).toBe(await store.headSeq());
    } finally {
      await server.close();
      await store.close();
    }
  });
});

for (const target of postgresTargets('several')) {
  describe(`several servers, one ledger: ${target.name}`, () => {
    const dir = scratchDir('probity-several-');
    const clock = testClock(T0);
    let location: string;
    let records: number[];
    let a: Server;
    let b: Server;

    beforeAll(async () => {
      location = await target.newLocation();
      const { store } = await openCityStore(location);
      records = await ingestAsCourt(
        store,
        [
          debtorRecord(FIRST, 'several-1', '2026-01-20'),
          debtorRecord(SECOND, 'several-2', '2026-01-21'),
        ],
        instant(T0 - 20 * DAY),
      );
      a = await serverOn({ name: 'a', location, dir, clock, store });
      b = await serverOn({ name: 'b', location, dir, clock });
      // The watches are connected (each says so once) before anything below is written.
      await until('both watches to connect', () => a.heard.length > 0 && b.heard.length > 0);
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await target.dispose(location);
      await target.end();
    });

    it('reflects a record event accepted by one server in checks on the other, heard by NOTIFY with the poll an hour apart', async () => {
      expect(await a.check(FIRST)).toBe('deny');
      expect(await b.check(FIRST)).toBe('deny');
      await fulfil(a, records[0]!);
      const head = await a.store.headSeq();
      expect(await a.check(FIRST)).toBe('allow');
      await until(
        'server b to fold the write',
        () => (b.server.standing.readiness()?.lastSeq ?? 0) >= head,
      );
      expect(b.heard).toContain(head);
      expect(await b.check(FIRST)).toBe('allow');
      expect(await b.check(SECOND)).toBe('deny');
    });

    it('hears writes again after its listening connection is ended under it', async () => {
      const connects = () => b.heard.filter((h) => h === undefined).length;
      const before = connects();
      // As a failover or an operator would: every listening connection of this database ended.
      await target.tamper(location, [
        `select pg_terminate_backend(pid) from pg_stat_activity
          where application_name = '${WATCH_APPLICATION}' and datname = current_database()`,
      ]);
      await until('server b to listen again', () => connects() > before);
      expect(await b.check(SECOND)).toBe('deny');
      await fulfil(a, records[1]!);
      const head = await a.store.headSeq();
      await until(
        'server b to fold the write',
        () => (b.server.standing.readiness()?.lastSeq ?? 0) >= head,
      );
      expect(b.heard).toContain(head);
      expect(await b.check(SECOND)).toBe('allow');
    });

    it('keeps one audit chain that verifies after checks answered by both servers at once', async () => {
      const before = (await a.store.readAudit(0, 100_000)).filter((e) => e.action === 'check');
      const checks = Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? a : b).check(i % 3 === 0 ? FIRST : SECOND),
      );
      await Promise.all(checks);
      // A check's entry is committed before its answer (charter C11), whichever server answered.
      const entries = await a.store.readAudit(0, 100_000);
      expect(entries.filter((e) => e.action === 'check')).toHaveLength(before.length + 40);
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      expect(await verifyAuditLog(a.store)).toMatchObject({ ok: true });
    });

    it('publishes on one server only when both schedules fire at once', async () => {
      const runs = await Promise.all([
        a.server.publishScheduled({ outDir: join(dir, 'pub-a') }),
        b.server.publishScheduled({ outDir: join(dir, 'pub-b') }),
      ]);
      expect(runs.filter((r) => r !== undefined)).toHaveLength(1);
      const versions = (await a.store.publications()).filter((p) => p.list === LIST);
      expect(versions.map((p) => p.version)).toEqual([1]);
      expect([existsSync(join(dir, 'pub-a')), existsSync(join(dir, 'pub-b'))].sort()).toEqual([
        false,
        true,
      ]);
    });

    it('delivers each notice from one server only, and the other takes over when the leader closes', async () => {
      const passes = await Promise.all([a.server.deliverNotices(), b.server.deliverNotices()]);
      const led = passes.findIndex((p) => p !== undefined);
      expect(passes.filter((p) => p !== undefined)).toHaveLength(1);
      const leader = led === 0 ? a : b;
      const other = led === 0 ? b : a;
      const ids = deliveredIds(leader);
      expect(ids.length).toBe(passes[led]?.delivered);
      expect(ids.length).toBeGreaterThan(0);
      expect(deliveredIds(other)).toEqual([]);
      expect(await other.server.deliverNotices()).toBeUndefined();

      // A new notice (the record's, written with it, by the server that stays), then the leader goes.
      const res = await other.app.inject({
        method: 'POST',
        url: '/v1/records',
        headers: bearer('court'),
        payload: { records: [debtorRecord(THIRD, 'several-3', '2026-02-01')] },
      });
      expect(res.statusCode).toBe(201);
      await leader.close();
      // The leader's session ends with its connection; the other's next attempt takes the role.
      let after: Awaited<ReturnType<ServerApp['deliverNotices']>>;
      await until('the other server to lead the delivery', async () => {
        after = await other.server.deliverNotices();
        return after !== undefined;
      });
      expect(after?.delivered).toBeGreaterThan(0);
      const taken = deliveredIds(other);
      expect(taken).toHaveLength(after?.delivered ?? -1);
      expect(taken.filter((id) => ids.includes(id))).toEqual([]);
      // The publication passes to the survivor too (whichever server led it).
      await until(
        'the other server to lead the publication',
        async () =>
          (await other.server.publishScheduled({ outDir: join(dir, 'pub-after') })) !== undefined,
      );
      const versions = (await other.store.publications()).filter((p) => p.list === LIST);
      expect(versions.map((p) => p.version)).toEqual([1, 2]);
    });
  });
}

for (const target of postgresTargets('sync_race')) {
  describe(`several servers syncing the same tail: ${target.name}`, () => {
    const dir = scratchDir('probity-race-');

    it('writes each feed change once, even from a server whose engine is behind the head', async () => {
      const location = await target.newLocation();
      const { store } = await openCityStore(location);
      const [record] = await ingestAsCourt(
        store,
        [debtorRecord(FIRST, 'race-1', '2026-01-20'), debtorRecord(SECOND, 'race-2', '2026-01-21')],
        instant(T0 - 20 * DAY),
      );
      const clock = testClock(T0);
      const a = await serverOn({ name: 'a', location, dir, clock, store });
      // Server b folds the ledger, then waits before its first feed sync while a writes.
      let open: () => void = () => undefined;
      let reach: () => void = () => undefined;
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      const reached = new Promise<void>((resolve) => {
        reach = resolve;
      });
      const b = await serverOn({
        name: 'b',
        location,
        dir,
        clock,
        load: false,
        onStep: async (step) => {
          if (step !== 'first-sync') return;
          reach();
          await opened;
        },
      });
      try {
        const loading = b.server.load();
        await reached;
        await fulfil(a, record!);
        open();
        await loading;
        // Both sync the same tail at once, a few times.
        for (let round = 0; round < 3; round++) {
          await Promise.all([a.server.standing.sync(), b.server.standing.sync()]);
        }
        const deltas = (await store.readFeed(LIST, 0, 1_000)).filter((d) => d.subject === FIRST);
        expect(deltas.map((d) => d.op)).toEqual(['add', 'remove']);
        // One notice per feed change (each keyed by its source).
        const notices = await store.noticesOfSubject(FIRST, 100);
        const sources = notices.map((n) => n.source);
        expect(new Set(sources).size).toBe(sources.length);
        expect(sources.filter((s) => s.startsWith('feed:'))).toHaveLength(2);
        expect(await b.check(FIRST)).toBe('allow');
      } finally {
        open();
        await b.close();
        await a.close();
        await target.dispose(location);
        await target.end();
      }
    });
  });
}

for (const target of postgresTargets('leader_session')) {
  describe(`leadership when a session ends: ${target.name}`, () => {
    const dir = scratchDir('probity-leader-');

    it("passes the notice delivery to the other server when the leader's database session ends under it", async () => {
      const location = await target.newLocation();
      const { store } = await openCityStore(location);
      const clock = testClock(T0);
      const a = await serverOn({ name: 'a', location, dir, clock, store });
      const b = await serverOn({ name: 'b', location, dir, clock });
      try {
        const passes = await Promise.all([a.server.deliverNotices(), b.server.deliverNotices()]);
        expect(passes.filter((p) => p !== undefined)).toHaveLength(1);
        const [leader, other] = passes[0] !== undefined ? [a, b] : [b, a];
        // The session holding the role ended (a failover, an operator, a network cut), the
        // server itself still running.
        await target.tamper(location, [
          `select pg_terminate_backend(l.pid) from pg_locks l join pg_stat_activity s using (pid)
            where l.locktype = 'advisory' and s.application_name = '${LEADER_APPLICATION}'
              and s.datname = current_database()
              and l.classid::bigint = (hashtext(current_schema())::bigint & 4294967295)
              and l.objid::bigint = (hashtext('probity:lead:notice-delivery')::bigint & 4294967295)`,
        ]);
        await until(
          'the other server to lead the delivery',
          async () => (await other.server.deliverNotices()) !== undefined,
        );
        // The old leader finds its session gone and leads no more.
        expect(await leader.server.deliverNotices()).toBeUndefined();
      } finally {
        await b.close();
        await a.close();
        await target.dispose(location);
        await target.end();
      }
    });
  });
}
