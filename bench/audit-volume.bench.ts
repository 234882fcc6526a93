// Issue 12, item 5: the audit log at city volume (docs/audit.md). `npm run bench -- audit-volume`
// writes N check entries (200 000; 50 000 with `--scale S`) through the server's group-commit
// audit log (`openAuditLog` over the store: the path every check's entry takes), shaped as a
// check's entry is (`agency:<id>`, `enforcement`, `check`, an 18-digit identifier,
// `allow|deny <measure> chk_<16 base64url>`), dated over October and November 2026 (their
// partitions made ahead on PostgreSQL), then measures:
//   - SQLite: the pages of `audit_log` and its index (dbstat) per entry, and the file's growth;
//   - PostgreSQL (PROBITY_BENCH_DATABASE_URL, else PROBITY_TEST_DATABASE_URL; a fresh schema,
//     dropped afterwards): pg_total_relation_size of every partition of `audit_log` (heap, TOAST,
//     primary key and subject index) per entry, after VACUUM ANALYZE, and the plan of a
//     subject's access log (newest first, 200 a page);
//   - the archive: `probity audit archive` of October (the use case, on each store), the
//     segment's bytes per entry and the time it took.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { OPERATOR } from '../src/app/access/caller.js';
import { archiveAudit } from '../src/app/audit/audit-archive.js';
import { openAuditLog } from '../src/app/audit/audit-log.js';
import type { AuditEvent } from '../src/app/audit/audit-sink.js';
import type { LedgerStore } from '../src/app/ports/ledger-store.js';
import { instant } from '../src/core/time/instant.js';
import { fileAuditArchive } from '../src/io/audit-archive-folder.js';
import { keyFileSigner } from '../src/io/key-file-signer.js';
import { openStore } from '../src/store/index.js';
import { personId } from '../test/factories/subjects.js';
import { seconds, type BenchArgs } from './scales.js';

/** Entries are dated over October and November 2026, evenly. */
const MONTH_START = Date.UTC(2026, 9, 1);
const SPAN_MS = 61 * 86_400_000;
/** The clock the archive runs at: the month after next, so October is closed. */
const ARCHIVE_NOW = Date.UTC(2026, 11, 1, 12);
const MEASURES = ['travel.flight', 'travel.rail-soft-sleeper', 'finance.new-loan'];
const AGENCIES = ['agency:air-china', 'agency:china-railway', 'agency:icbc', 'agency:ccb'];
/** Calls in flight at once (as many concurrent checks). */
const IN_FLIGHT = 2_000;

function checkEvent(i: number, count: number): AuditEvent {
  const deny = i % 17 === 0;
  return {
    at: instant(MONTH_START + Math.floor((i * SPAN_MS) / count)),
    actor: AGENCIES[i % AGENCIES.length]!,
    purpose: 'enforcement',
    action: 'check',
    subject: personId(`19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, i % 997),
    outcome: `${deny ? 'deny' : 'allow'} ${MEASURES[i % MEASURES.length]} chk_${Buffer.from(
      `${i}`.padStart(12, '0'),
    ).toString('base64url')}`,
  };
}

async function writeChecks(store: LedgerStore, count: number): Promise<number> {
  const log = openAuditLog(store);
  const start = process.hrtime.bigint();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < count; i++) {
    const call = log.record([checkEvent(i, count)]).finally(() => inFlight.delete(call));
    inFlight.add(call);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await log.close();
  return count / seconds(start);
}

async function archiveMonth(
  store: LedgerStore,
  dir: string,
): Promise<{ bytesPerEntry: number; seconds: number; entries: number }> {
  const start = process.hrtime.bigint();
  const report = await archiveAudit(
    {
      store,
      signer: keyFileSigner(join(dir, 'authority-key.pem')),
      clock: () => instant(ARCHIVE_NOW),
      auditArchive: fileAuditArchive,
    },
    OPERATOR,
    { before: '2026-11', dir: join(dir, 'archive') },
  );
  const took = seconds(start);
  const entries = report.archived.reduce((n, s) => n + s.entries, 0);
  const bytes = report.archived.reduce((n, s) => n + s.bytes, 0);
  return { bytesPerEntry: bytes / entries, seconds: took, entries };
}

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

async function sqliteFigures(
  count: number,
  say: (s: string) => void,
): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'probity-audit-volume-'));
  try {
    const path = join(dir, 'probity.db');
    const store = await openStore(path);
    const before = statSync(path).size;
    let rate = 0;
    try {
      rate = await writeChecks(store, count);
    } finally {
      await store.close();
    }
    const db = new Database(path);
    let pages: { name: string; bytes: number }[];
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      pages = db
        .prepare(
          `select name, sum(pgsize) as bytes from dbstat
           where name in ('audit_log', 'audit_log_subject_seq_idx') group by name`,
        )
        .all() as { name: string; bytes: number }[];
    } finally {
      db.close();
    }
    const total = pages.reduce((n, p) => n + p.bytes, 0);
    const growth = statSync(path).size - before;
    say(
      `SQLite: ${round(total / count)} B/entry (dbstat), file grew ${round(growth / count)} B/entry, ${Math.round(rate)} entries/s`,
    );
    const reopened = await openStore(path);
    let archive;
    try {
      archive = await archiveMonth(reopened, dir);
    } finally {
      await reopened.close();
    }
    say(
      `SQLite archive: ${archive.entries} entries, ${round(archive.bytesPerEntry)} B/entry gzip, ${round(archive.seconds)} s`,
    );
    return {
      entriesPerSecond: Math.round(rate),
      bytesPerEntry: round(total / count),
      table: Object.fromEntries(pages.map((p) => [p.name, round(p.bytes / count)])),
      fileGrowthPerEntry: round(growth / count),
      archive: { bytesPerEntry: round(archive.bytesPerEntry), seconds: round(archive.seconds, 2) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresFigures(
  url: string,
  count: number,
  say: (s: string) => void,
): Promise<Record<string, unknown>> {
  const schema = `audit_volume_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const dir = mkdtempSync(join(tmpdir(), 'probity-audit-volume-pg-'));
  try {
    await admin.query(`create schema ${schema}`);
    const location = new URL(url);
    location.searchParams.set('options', `-c search_path=${schema}`);
    const store = await openStore(location.toString());
    let rate = 0;
    try {
      // October's and November's partitions made ahead, as the months' own would be.
      await store.prepareAuditPartitions(instant(MONTH_START));
      rate = await writeChecks(store, count);
    } finally {
      await store.close();
    }
    await admin.query(`vacuum analyze ${schema}.audit_log`);
    const { rows } = await admin.query<{ name: string; total: string; heap: string; rows: string }>(
      `select c.relname as name, pg_total_relation_size(c.oid) as total,
              pg_relation_size(c.oid) as heap, c.reltuples::bigint as rows
       from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = '${schema}.audit_log'::regclass order by 1`,
    );
    const total = rows.reduce((n, r) => n + Number(r.total), 0);
    const heap = rows.reduce((n, r) => n + Number(r.heap), 0);
    const plan = (
      await admin.query<{ 'QUERY PLAN': string }>(
        `explain select * from ${schema}.audit_log where subject = $1 order by seq desc limit 200`,
        [personId('1960-01-10', 10)],
      )
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    say(
      `PostgreSQL: ${round(total / count)} B/entry (heap ${round(heap / count)}, indexes and the rest ${round((total - heap) / count)}), ${Math.round(rate)} entries/s`,
    );
    say(plan);
    const reopened = await openStore(location.toString());
    let archive;
    try {
      archive = await archiveMonth(reopened, dir);
    } finally {
      await reopened.close();
    }
    say(
      `PostgreSQL archive: ${archive.entries} entries, ${round(archive.bytesPerEntry)} B/entry gzip, ${round(archive.seconds)} s`,
    );
    return {
      entriesPerSecond: Math.round(rate),
      bytesPerEntry: round(total / count),
      heapPerEntry: round(heap / count),
      partitions: rows.map((r) => ({ name: r.name, rows: Number(r.rows), bytes: Number(r.total) })),
      accessLogPlan: plan,
      archive: { bytesPerEntry: round(archive.bytesPerEntry), seconds: round(archive.seconds, 2) },
    };
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function auditVolumeBench(args: BenchArgs): Promise<Record<string, unknown>> {
  const count = args.scale === 'S' ? 50_000 : 200_000;
  const say = (text: string): void => {
    if (!args.json) console.error(text);
  };
  const url = process.env.PROBITY_BENCH_DATABASE_URL ?? process.env.PROBITY_TEST_DATABASE_URL;
  const sqlite = await sqliteFigures(count, say);
  let postgres: Record<string, unknown> | string = 'not run: set PROBITY_BENCH_DATABASE_URL';
  if (url === undefined) say('PostgreSQL: NOT RUN (set PROBITY_BENCH_DATABASE_URL)');
  else postgres = await postgresFigures(url, count, say);
  return { bench: 'audit-volume', entries: count, sqlite, postgres };
}
