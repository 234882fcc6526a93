// The engine snapshot (issue 11, item 2), on SQLite always and on PostgreSQL when
// PROBITY_TEST_DATABASE_URL names a scratch database: a server started from a snapshot, with a
// tail of records and record events after it, answers as a cold one, subject by subject; a
// corrupted, truncated, foreign or stale snapshot (the ledger rewritten, a policy changed) is
// refused with its reason and the server starts cold and answers correctly; a half-written
// temporary file (a kill -9 while writing) is never read.
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { addAgencies } from '../../src/app/agencies/agency-add.js';
import { activatePolicy } from '../../src/app/policy/policy-activate.js';
import type { EngineSnapshotFile } from '../../src/app/ports/engine-snapshot-file.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { appendRecordEvent } from '../../src/app/records/record-event-add.js';
import { sha256Chunks, type SnapshotEvent } from '../../src/app/standing/engine-snapshots.js';
import { rebuildStanding } from '../../src/app/standing/standing-rebuild.js';
import { decodeSnapshot, encodeSnapshot } from '../../src/engine/engine-snapshot.js';
import { LedgerStanding } from '../../src/app/standing/ledger-standing.js';
import { loadScoringContext } from '../../src/app/standing/scoring-context.js';
import type { Agency } from '../../src/core/ledger/ledger-types.js';
import type { SubjectEvaluation } from '../../src/core/scoring/index.js';
import { instant, MS_PER_DAY } from '../../src/core/time/instant.js';
import { logNoticeChannel } from '../../src/io/file-notice-channel.js';
import { snapshotFile } from '../../src/io/snapshot-file.js';
import { openServerApp, type ServerApp } from '../../src/main/server-app.js';
import {
  ingestAs,
  openReferenceLedger,
  REFERENCE_DOCUMENTS,
} from '../factories/reference-ledger.js';
import { adultOf as subjectOf } from '../factories/subjects.js';
import { REPO_ROOT } from '../support/cli-harness.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const NOW = instant(Date.UTC(2026, 2, 1, 9, 0));
const LATER = instant(NOW + 30 * MS_PER_DAY);
const COURT = { id: 'court-1', kind: 'court', name: 'Court' };
const MEASURES = ['travel.flight', 'consumption.star-hotel'];

function debt(k: number, sourceRef: string, amount = 2_500_000) {
  return {
    sourceRef,
    subject: subjectOf(k),
    category: 'court.dishonest-debtor',
    occurredAt: '2026-02-01',
    fields: { amount, caseNumber: sourceRef },
  };
}

async function court(store: LedgerStore): Promise<Agency> {
  const agency = await store.findAgency(COURT.id);
  if (!agency) throw new Error('no court');
  return agency;
}

/** Accepts records straight into the ledger as the court, as another process (the CLI, another server) would. */
const ingest = (store: LedgerStore, records: readonly object[]): Promise<number[]> =>
  ingestAs(store, COURT.id, records, NOW);

/** A ledger of `n` subjects' records, some with events. */
async function fill(store: LedgerStore, from: number, n: number): Promise<void> {
  const ids = await ingest(
    store,
    Array.from({ length: n }, (_, i) => debt(from + i, `R-${from + i}`, 1_000_000 + i * 10_000)),
  );
  const agency = await court(store);
  for (const [i, id] of ids.entries()) {
    if (i % 3 === 0)
      await appendRecordEvent(store, agency, { recordId: id, type: 'fulfilled' }, NOW);
    if (i % 4 === 1) {
      await appendRecordEvent(
        store,
        agency,
        { recordId: id, type: 'suspended', reason: 'payment plan' },
        NOW,
      );
    }
  }
}

const SUBJECTS = Array.from({ length: 30 }, (_, k) => subjectOf(k));

function serverOf(
  store: LedgerStore,
  path: string | undefined,
  events: SnapshotEvent[],
): ServerApp {
  return openServerApp(store, {
    clock: () => NOW,
    pollMs: 0,
    noticeChannel: logNoticeChannel(() => undefined),
    snapshot:
      path === undefined
        ? undefined
        : {
            file: snapshotFile(path),
            everyEvents: 1_000_000,
            everyMs: 3_600_000,
            onEvent: (e) => events.push(e),
          },
  });
}

/** What a standing says of every subject: evaluation (score, grade, lists, reasons) and checks. */
function answers(server: ServerApp) {
  return SUBJECTS.map((key) => ({
    evaluation: server.standing.evaluate(key, LATER),
    checks: MEASURES.map((m) => server.standing.check(key, m, LATER)),
  }));
}

/** Loads a server (with or without the snapshot), reads every answer, closes it. */
async function started(store: LedgerStore, path: string | undefined) {
  const events: SnapshotEvent[] = [];
  const server = serverOf(store, path, events);
  try {
    await server.load();
    return {
      snapshotSeq: server.standing.start()?.snapshotSeq,
      answers: answers(server),
      lastSeq: server.standing.readiness()?.lastSeq,
      events,
    };
  } finally {
    await server.close();
  }
}

/** The records an evaluation names (in force or not). */
const recordsOf = (e: SubjectEvaluation): number[] => [
  ...e.contributions.map((c) => c.recordId),
  ...e.notInForce.map((n) => n.recordId),
];

const refusals = (events: readonly SnapshotEvent[]) =>
  events.flatMap((e) => (e.kind === 'refused' ? [e.reason] : []));

const targets: StoreTarget[] = storeTargets('snap');
const dir = mkdtempSync(join(tmpdir(), 'probity-snapshot-'));
let files = 0;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const target of targets) await target.end();
});

describe.each(targets)('the engine snapshot on $name', (target) => {
  /** A ledger with records, a server run that wrote its snapshot, and a tail written after it. */
  async function scenario(): Promise<{
    store: LedgerStore;
    location: string;
    path: string;
    seq: number;
  }> {
    const location = await target.newLocation();
    const store = await openReferenceLedger(location, [COURT], NOW);
    await fill(store, 0, 20);
    // The head is a row that is no engine event: the snapshot covers it all the same.
    await addAgencies(store, [{ id: 'court-2', kind: 'court', name: 'Court 2' }], NOW);
    const path = join(dir, `engine-${++files}.snapshot`);
    const first = await started(store, path);
    expect(first.snapshotSeq).toBeUndefined();
    expect(first.events.map((e) => e.kind)).toEqual(['written']);
    const seq = await store.headSeq();
    // The tail: new records and events after the snapshot.
    await fill(store, 20, 10);
    return { store, location, path, seq };
  }

  it('starts from it, folds the tail after it, and answers as a cold start, subject by subject', async () => {
    const { store, location, path, seq } = await scenario();
    try {
      const cold = await started(store, undefined);
      const warm = await started(store, path);
      expect(refusals(warm.events)).toEqual([]);
      expect(warm.snapshotSeq).toBe(seq);
      expect(warm.lastSeq).toBe(await store.headSeq());
      expect(warm.answers).toEqual(cold.answers);
      // The reference evaluator over the ledger agrees too.
      const reference = new LedgerStanding(store, await loadScoringContext(store), () => NOW);
      for (const [i, key] of SUBJECTS.entries()) {
        expect(warm.answers[i]?.evaluation).toEqual(await reference.evaluate(key, LATER));
      }
      // The clean shutdown wrote a new snapshot covering the tail: the next start folds nothing.
      const again = await started(store, path);
      expect(again.snapshotSeq).toBe(await store.headSeq());
      expect(again.answers).toEqual(cold.answers);
    } finally {
      await store.close();
      await target.dispose(location);
    }
  });

  it('refuses a corrupted, a truncated and a foreign snapshot with its reason, and starts cold and right', async () => {
    const { store, location, path } = await scenario();
    const other = await target.newLocation();
    // Another store, set up a second earlier (two stores set up with the same rows at the same
    // instant have the same history: a snapshot of one is true of the other).
    const otherStore = await openReferenceLedger(other, [COURT], instant(NOW - 1000));
    try {
      const cold = await started(store, undefined);
      const good = readFileSync(path);

      const flipped = Buffer.from(good);
      const middle = Math.floor(flipped.length / 2);
      flipped[middle] = (flipped[middle] ?? 0) ^ 0x01;
      writeFileSync(path, flipped);
      const corrupt = await started(store, path);
      expect(refusals(corrupt.events)).toEqual(['checksum mismatch: the file is corrupt']);
      expect(corrupt.snapshotSeq).toBeUndefined();
      expect(corrupt.answers).toEqual(cold.answers);

      writeFileSync(path, good);
      truncateSync(path, good.length - 100);
      const truncated = await started(store, path);
      expect(refusals(truncated.events)).toEqual([
        `truncated: ${good.length - 100} bytes, without the end of a snapshot`,
      ]);
      expect(truncated.answers).toEqual(cold.answers);

      // Another store's snapshot (its ledger began with other rows).
      writeFileSync(path, good);
      await fill(otherStore, 100, 3);
      const foreign = await started(otherStore, path);
      expect(refusals(foreign.events)).toEqual(['it belongs to another store']);
      expect(foreign.snapshotSeq).toBeUndefined();
      const otherCold = await started(otherStore, undefined);
      expect(foreign.answers).toEqual(otherCold.answers);
    } finally {
      await otherStore.close();
      await target.dispose(other);
      await store.close();
      await target.dispose(location);
    }
  });

  it('refuses a stale snapshot: the ledger rewritten at its sequence', async () => {
    const { store, location, path, seq } = await scenario();
    try {
      // The row at the snapshot's sequence is rewritten (its chain hash changes).
      const fake = 'f'.repeat(64);
      await target.tamper(location, [
        `update records set hash = '${fake}' where id = ${seq}`,
        `update record_events set hash = '${fake}' where seq = ${seq}`,
        `update agencies set hash = '${fake}' where seq = ${seq}`,
      ]);
      const rewritten = await started(store, path);
      expect(refusals(rewritten.events)).toEqual([
        `the ledger's chain hash at ${seq} is not the one it was folded from (the ledger was rewritten)`,
      ]);
      expect(rewritten.snapshotSeq).toBeUndefined();
      const cold = await started(store, undefined);
      expect(rewritten.answers).toEqual(cold.answers);
    } finally {
      await store.close();
      await target.dispose(location);
    }
  });

  it('refuses a snapshot folded before a policy version was activated, and starts cold with it', async () => {
    const { store, location, path } = await scenario();
    try {
      const other = new LedgerStanding(store, await loadScoringContext(store), () => NOW);
      const text = REFERENCE_DOCUMENTS.policyText.replace(/^version: 2$/m, 'version: 3');
      await activatePolicy(
        { store, standing: () => Promise.resolve(other), clock: () => NOW },
        OPERATOR,
        {
          text,
          from: NOW,
        },
      );
      const stale = await started(store, path);
      expect(refusals(stale.events)).toHaveLength(1);
      expect(refusals(stale.events)[0]).toMatch(/^stale: folded with catalogue v1/);
      expect(stale.snapshotSeq).toBeUndefined();
      const cold = await started(store, undefined);
      expect(stale.answers).toEqual(cold.answers);
    } finally {
      await store.close();
      await target.dispose(location);
    }
  });

  it('rebuild --verify compares the engine started from the snapshot with a cold one, subject by subject, and rebuild writes a fresh one', async () => {
    const { store, location, path, seq } = await scenario();
    const deps = { store, clock: () => NOW, engineSnapshot: snapshotFile(path) };
    try {
      const good = readFileSync(path);
      const agreed = await rebuildStanding(deps, OPERATOR, { verify: true, at: LATER });
      expect(agreed.verify?.mismatches).toBe(0);
      expect(agreed.snapshotWritten).toMatchObject({ path, seq: await store.headSeq() });
      expect(agreed.verify?.snapshot).toEqual({
        path,
        used: true,
        seq,
        subjectsCompared: 30,
        mismatches: 0,
        examples: [],
      });

      // A snapshot that passes every check but holds a wrong column (as a bug in the engine's
      // snapshot code would write it): every record's effect ends at once.
      const decoded = await decodeSnapshot(good, sha256Chunks);
      if (!decoded.ok) throw new Error(decoded.reason);
      decoded.state.records.until.fill(0);
      writeFileSync(path, Buffer.concat(encodeSnapshot(decoded.state, decoded.meta, sha256Chunks)));
      const wrong = await rebuildStanding(deps, OPERATOR, { verify: true, at: LATER });
      const snapshot = wrong.verify?.snapshot;
      expect(snapshot?.used).toBe(true);
      expect(snapshot?.used === true ? snapshot.mismatches : 0).toBeGreaterThan(0);
      // No fresh snapshot after a mismatch; a plain rebuild writes one, which then agrees.
      expect(wrong.snapshotWritten).toBeUndefined();
      const plain = await rebuildStanding(deps, OPERATOR, { at: LATER });
      expect(plain.snapshotWritten).toMatchObject({ path, seq: await store.headSeq() });
      const fresh = await rebuildStanding(deps, OPERATOR, { verify: true, at: LATER });
      expect(fresh.verify?.snapshot).toMatchObject({ used: true, mismatches: 0 });

      const flipped = Buffer.from(good);
      flipped[100] = (flipped[100] ?? 0) ^ 0x01;
      writeFileSync(path, flipped);
      const refused = await rebuildStanding(deps, OPERATOR, { verify: true, at: LATER });
      expect(refused.verify?.snapshot).toEqual({
        path,
        used: false,
        reason: 'checksum mismatch: the file is corrupt',
      });
    } finally {
      await store.close();
      await target.dispose(location);
    }
  });

  // The snapshot is one state at one sequence while the engine goes on: a small engine's columns
  // are copied and it folds on during the write; a large one is written from its live columns and
  // the fold waits (copyUpToBytes 0 makes this small ledger "large"). Either way a record folded
  // during the write is in the engine, and a start from that snapshot folds it from the tail.
  it.each([
    ['copied, the fold going on', 1 << 30],
    ['written from the live columns, the fold waiting', 0],
  ])(
    'keeps the fold whole while a snapshot is written (%s): none lost, none twice',
    async (_mode, copyUpToBytes) => {
      const location = await target.newLocation();
      const store = await openReferenceLedger(location, [COURT], NOW);
      const path = join(dir, `engine-${++files}.snapshot`);
      const kept = join(dir, `engine-${files}.kept`);
      // The file's write waits for the test's word before it takes a byte.
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const inner = snapshotFile(path);
      let writes = 0;
      const file: EngineSnapshotFile = {
        path,
        open: () => inner.open(),
        async write(chunks) {
          writes += 1;
          if (writes === 1) await gate;
          await inner.write(chunks);
        },
      };
      const events: SnapshotEvent[] = [];
      const server = openServerApp(store, {
        clock: () => NOW,
        pollMs: 0,
        noticeChannel: logNoticeChannel(() => undefined),
        snapshot: {
          file,
          everyEvents: 1_000_000,
          everyMs: 3_600_000,
          copyUpToBytes,
          onEvent: (e) => events.push(e),
        },
      });
      try {
        await fill(store, 0, 20);
        await server.load();
        // The first snapshot after the load is being written (held at the gate).
        for (let i = 0; i < 200 && writes === 0; i++) await sleep(5);
        expect(writes).toBe(1);
        const seq = server.standing.readiness()?.lastSeq ?? 0;
        expect(seq).toBe(await store.headSeq());
        // A record accepted while the snapshot is written, and its follow-up.
        // A new subject's and an existing subject's (whose list of records the fold changes).
        await ingest(store, [debt(25, 'R-during'), debt(1, 'R-during-1')]);
        let followed = false;
        const following = server.standing.follow().then(() => {
          followed = true;
        });
        // Copied: the fold goes on while the write is held, so the follow-up ends (waited for up
        // to 10 s: a loaded machine takes longer than a quiet one). From the live columns: it
        // cannot end before the write does.
        if (copyUpToBytes > 0) await Promise.race([following, sleep(10_000)]);
        else await sleep(50);
        // Checks are answered meanwhile either way (they only read the engine).
        expect(server.standing.check(subjectOf(0), MEASURES[0] ?? '', LATER).subject).toBeDefined();
        expect(followed).toBe(copyUpToBytes > 0);
        release();
        await following;
        for (let i = 0; i < 200 && !events.some((e) => e.kind === 'written'); i++) await sleep(5);
        expect(events.filter((e) => e.kind !== 'refused')).toMatchObject([
          { kind: 'written', seq },
        ]);
        // The record is in the engine; the snapshot was taken before it.
        expect(server.standing.readiness()?.lastSeq).toBe(await store.headSeq());
        expect(recordsOf(server.standing.evaluate(subjectOf(25), LATER))).toHaveLength(1);
        expect(recordsOf(server.standing.evaluate(subjectOf(1), LATER))).toHaveLength(2);
        copyFileSync(path, kept);
      } finally {
        release();
        await server.close();
      }
      try {
        const warm = await started(store, kept);
        expect(refusals(warm.events)).toEqual([]);
        expect(warm.snapshotSeq).toBeLessThan(await store.headSeq());
        expect(warm.lastSeq).toBe(await store.headSeq());
        const cold = await started(store, undefined);
        expect(warm.answers).toEqual(cold.answers);
        const reference = new LedgerStanding(store, await loadScoringContext(store), () => NOW);
        expect(recordsOf(await reference.evaluate(subjectOf(25), LATER))).toHaveLength(1);
        expect(warm.answers[25]?.evaluation).toEqual(
          await reference.evaluate(subjectOf(25), LATER),
        );
      } finally {
        await store.close();
        await target.dispose(location);
      }
    },
  );

  it('folds on after a snapshot written from the live columns fails: the fold is not held for good', async () => {
    const location = await target.newLocation();
    const store = await openReferenceLedger(location, [COURT], NOW);
    const path = join(dir, `engine-${++files}.snapshot`);
    const failing: EngineSnapshotFile = {
      path,
      open: () => Promise.resolve(undefined),
      async write(chunks) {
        for await (const chunk of chunks as AsyncIterable<Uint8Array>)
          if (chunk.byteLength > 0) break;
        throw new Error('disk full');
      },
    };
    const events: SnapshotEvent[] = [];
    const server = openServerApp(store, {
      clock: () => NOW,
      pollMs: 0,
      noticeChannel: logNoticeChannel(() => undefined),
      snapshot: {
        file: failing,
        everyEvents: 1,
        everyMs: 3_600_000,
        copyUpToBytes: 0,
        onEvent: (e) => events.push(e),
      },
    });
    try {
      await fill(store, 0, 5);
      await server.load();
      for (let i = 0; i < 200 && !events.some((e) => e.kind === 'failed'); i++) await sleep(5);
      expect(events.map((e) => e.kind)).toEqual(['failed']);
      await ingest(store, [debt(7, 'R-after')]);
      await server.standing.follow();
      expect(server.standing.readiness()?.lastSeq).toBe(await store.headSeq());
      expect(recordsOf(server.standing.evaluate(subjectOf(7), LATER))).toHaveLength(1);
    } finally {
      await server.close();
      await store.close();
      await target.dispose(location);
    }
  });

  it('never reads a half-written temporary file: a kill -9 while writing leaves the old snapshot', async () => {
    const { store, location, path, seq } = await scenario();
    try {
      const good = readFileSync(path);
      // What a write killed half-way leaves: the temporary file, beside the old snapshot.
      writeFileSync(`${path}.99999.tmp`, good.subarray(0, Math.floor(good.length / 2)));
      const warm = await started(store, path);
      expect(refusals(warm.events)).toEqual([]);
      expect(warm.snapshotSeq).toBe(seq);
      expect(warm.answers).toEqual((await started(store, undefined)).answers);
    } finally {
      await store.close();
      await target.dispose(location);
    }
  });
});

describe('the engine snapshot file', () => {
  it('holds the old snapshot or the new one, whole, whenever the writing process is killed', async () => {
    const a = join(dir, 'bytes-a');
    const b = join(dir, 'bytes-b');
    const path = join(dir, 'killed.snapshot');
    // Two different contents of 8 MiB (a write takes a while: the kill lands in the middle).
    const bytesA = Buffer.alloc(8 << 20, 0xaa);
    const bytesB = Buffer.alloc(8 << 20, 0xbb);
    writeFileSync(a, bytesA);
    writeFileSync(b, bytesB);
    for (const delayMs of [150, 400, 900]) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(REPO_ROOT, 'test/support/snapshot-writer-child.ts'), path, a, b],
        { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let writes = 0;
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        writes += chunk.split('\n').length - 1;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Until it has written a few times (bounded), then a little longer, then the kill.
      for (let i = 0; i < 400 && writes < 2; i++) await sleep(25);
      await sleep(delayMs % 97);
      child.kill('SIGKILL');
      await exited;
      expect(writes, err).toBeGreaterThanOrEqual(2);
      const held = readFileSync(path);
      expect(held.length).toBe(8 << 20);
      expect(held.equals(bytesA) || held.equals(bytesB)).toBe(true);
    }
  }, 60_000);
});
