// P1: bulk import (validated, idempotent) against a plain baseline in the same run, on SQLite
// and, with PROBITY_BENCH_DATABASE_URL set, on PostgreSQL (a fresh schema each, dropped after).
// The city's records are written to one JSON lines file per submitting agency; Probity imports
// them through the same code path as `probity import` (stream, parse, validate, deduplicate,
// chain, append, and each row's audit entry in its batch's transaction; not the notices, which
// need a standing: records-and-import.md has what they cost). The baseline is a plain table with
// an index on the subject and a unique (agency, sourceRef) index (on SQLite opened with the
// store's settings), filled with the same rows, already parsed and in memory, by one prepared
// INSERT per row (SQLite) or per batch of array parameters (PostgreSQL), one transaction per
// batch of the same size. Target (issue 11): Probity at 1.5 x the baseline.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import pg from 'pg';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { addAgencies } from '../src/app/agencies/agency-add.js';
import { agencyCaller } from '../src/app/access/caller.js';
import { catalogInForce } from '../src/app/policy/catalog-in-force.js';
import { importAuditEntries } from '../src/app/records/record-file-import.js';
import { openRecordFile } from '../src/io/record-file-reader.js';
import { IMPORT_BATCH_SIZE, importRecords } from '../src/app/records/record-import.js';
import { initStore } from '../src/app/ledger/store-init.js';
import { parseCatalog } from '../src/core/catalog/index.js';
import { instant } from '../src/core/time/instant.js';
import { openStore } from '../src/store/index.js';
import { openSqliteDatabase } from '../src/store/sqlite-store.js';
import { generateCity } from '../src/synth/index.js';
import { AgencyFiles } from './agency-files.js';
import { median, SCALES, seconds, type BenchArgs } from './scales.js';

const NOW = instant(Date.parse('2026-06-01T00:00:00Z'));

interface BareRow {
  subject: string;
  subjectKind: string;
  agencyId: string;
  sourceRef: string;
  category: string;
  occurredAt: number;
  fields: string;
}

export async function writeAgencyFiles(dir: string, args: BenchArgs) {
  const catalogText = readFileSync('policies/catalog.yaml', 'utf8');
  const parsed = parseCatalog(catalogText);
  if (!parsed.ok) throw new Error('reference catalogue does not parse');
  const city = generateCity(parsed.catalog, {
    ...SCALES[args.scale],
    years: 5,
    seed: 1,
    now: NOW,
  });
  const files = new AgencyFiles(dir);
  const bare: BareRow[] = [];
  for (let i = 0; i < city.recordCount; i++) {
    const r = city.record(i);
    await files.write(r);
    bare.push({
      subject: r.subject,
      subjectKind: r.subjectKind,
      agencyId: r.agencyId,
      sourceRef: r.sourceRef,
      category: r.category,
      occurredAt: r.occurredAt,
      fields: JSON.stringify(r.fields),
    });
  }
  return {
    catalogText,
    agencies: await files.close(),
    bare,
    records: city.recordCount,
  };
}

export async function probityImport(
  dir: string,
  catalogText: string,
  agencies: readonly string[],
  location?: string,
): Promise<number> {
  const db = location ?? join(dir, `probity-${Date.now()}.db`);
  const store = await openStore(db);
  await initStore(
    store,
    { catalogText, policyText: readFileSync('policies/policy.yaml', 'utf8') },
    NOW,
  );
  await addAgencies(
    store,
    agencies.map((id) => ({ id, kind: id })),
    NOW,
  );
  const catalog = await catalogInForce(store);
  const start = process.hrtime.bigint();
  let accepted = 0;
  for (const id of agencies) {
    const agency = { id, kind: id, name: id, createdAt: NOW };
    // Each row's audit entry, committed with its batch, as `probity import` writes it.
    const access = {
      caller: agencyCaller(agency),
      purpose: 'write',
      action: 'submit-record',
      subject: '',
    };
    const result = await importRecords(
      store,
      catalog,
      agency,
      await openRecordFile(join(dir, `${id}.jsonl`)),
      NOW,
      { audit: (rows, outcomes) => importAuditEntries(access, NOW, rows, outcomes) },
    );
    if (result.rejected > 0) throw new Error(`${result.rejected} rows of ${id} were rejected`);
    accepted += result.accepted;
  }
  const took = seconds(start);
  await store.close();
  if (location === undefined) rmSync(db, { force: true });
  return accepted / took;
}

function bareInsert(dir: string, rows: readonly BareRow[]): number {
  const path = join(dir, `bare-${Date.now()}.db`);
  const db = openSqliteDatabase(path); // WAL, synchronous=FULL, the store's cache and checkpoints
  db.exec(`CREATE TABLE plain (id INTEGER PRIMARY KEY, subject_key TEXT NOT NULL,
             subject_kind TEXT NOT NULL, agency_id TEXT NOT NULL, source_ref TEXT NOT NULL,
             category TEXT NOT NULL, occurred_at INTEGER NOT NULL, recorded_at INTEGER NOT NULL,
             fields TEXT NOT NULL, catalog_version INTEGER NOT NULL)`);
  db.exec('CREATE INDEX plain_subject ON plain (subject_key)');
  db.exec('CREATE UNIQUE INDEX plain_source ON plain (agency_id, source_ref)');
  const insert = db.prepare(
    `INSERT INTO plain (id, subject_key, subject_kind, agency_id, source_ref, category, occurred_at, recorded_at, fields, catalog_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const r = rows[i]!;
      insert.run(
        i + 1,
        r.subject,
        r.subjectKind,
        r.agencyId,
        r.sourceRef,
        r.category,
        r.occurredAt,
        NOW,
        r.fields,
      );
    }
  });
  const start = process.hrtime.bigint();
  for (let from = 0; from < rows.length; from += IMPORT_BATCH_SIZE)
    batch(from, Math.min(rows.length, from + IMPORT_BATCH_SIZE));
  const took = seconds(start);
  db.close();
  rmSync(path, { force: true });
  return rows.length / took;
}

/** A fresh schema on the PostgreSQL server at `url`, as a location `openStore` opens. */
export async function pgSchema(
  url: string,
  name: string,
): Promise<{ location: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists ${name} cascade`);
  await admin.query(`create schema ${name}`);
  await admin.end();
  const location = new URL(url);
  location.searchParams.set('options', `-c search_path=${name}`);
  return {
    location: location.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${name} cascade`);
      await c.end();
    },
  };
}

/**
 * The PostgreSQL baseline: the same plain table and indexes, filled by one prepared INSERT per
 * batch whose columns are array parameters (`unnest`), one transaction per batch.
 */
async function pgBaseline(url: string, rows: readonly BareRow[]): Promise<number> {
  const schema = await pgSchema(url, `bench_import_plain_${process.pid}`);
  const client = new pg.Client({ connectionString: schema.location });
  await client.connect();
  try {
    await client.query(`CREATE TABLE plain (id bigint PRIMARY KEY, subject_key text NOT NULL,
             subject_kind text NOT NULL, agency_id text NOT NULL, source_ref text NOT NULL,
             category text NOT NULL, occurred_at bigint NOT NULL, recorded_at bigint NOT NULL,
             fields text NOT NULL, catalog_version integer NOT NULL)`);
    await client.query('CREATE INDEX plain_subject ON plain (subject_key)');
    await client.query('CREATE UNIQUE INDEX plain_source ON plain (agency_id, source_ref)');
    const text = `INSERT INTO plain SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[],
        $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::text[], $10::integer[])`;
    const start = process.hrtime.bigint();
    for (let from = 0; from < rows.length; from += IMPORT_BATCH_SIZE) {
      const batch = rows.slice(from, from + IMPORT_BATCH_SIZE);
      await client.query('BEGIN');
      await client.query({
        name: 'plain-insert',
        text,
        values: [
          batch.map((_, i) => from + i + 1),
          batch.map((r) => r.subject),
          batch.map((r) => r.subjectKind),
          batch.map((r) => r.agencyId),
          batch.map((r) => r.sourceRef),
          batch.map((r) => r.category),
          batch.map((r) => r.occurredAt),
          batch.map(() => NOW),
          batch.map((r) => r.fields),
          batch.map(() => 1),
        ],
      });
      await client.query('COMMIT');
    }
    return rows.length / seconds(start);
  } finally {
    await client.end();
    await schema.drop();
  }
}

/** Probity's import into a fresh schema of the PostgreSQL server at `url`. */
export async function pgProbityImport(
  url: string,
  dir: string,
  catalogText: string,
  agencies: readonly string[],
): Promise<number> {
  const schema = await pgSchema(url, `bench_import_probity_${process.pid}`);
  try {
    return await probityImport(dir, catalogText, agencies, schema.location);
  } finally {
    await schema.drop();
  }
}

export async function importBench(args: BenchArgs): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'probity-bench-import-'));
  try {
    const { catalogText, agencies, bare, records } = await writeAgencyFiles(dir, args);
    const probityRates: number[] = [];
    const bareRates: number[] = [];
    for (let run = 0; run < args.runs; run++) {
      bareRates.push(bareInsert(dir, bare));
      probityRates.push(await probityImport(dir, catalogText, agencies));
    }
    const probity = median(probityRates);
    const peer = median(bareRates);
    // PostgreSQL too when a server is named (the same rows, the same comparison).
    const url = process.env.PROBITY_BENCH_DATABASE_URL;
    let postgres: Record<string, unknown> | undefined;
    if (url) {
      const pgRates: number[] = [];
      const pgBaseRates: number[] = [];
      for (let run = 0; run < args.runs; run++) {
        pgBaseRates.push(await pgBaseline(url, bare));
        pgRates.push(await pgProbityImport(url, dir, catalogText, agencies));
      }
      const pgProbity = median(pgRates);
      const pgPeer = median(pgBaseRates);
      postgres = {
        probityRecordsPerSecond: Math.round(pgProbity),
        baselineRecordsPerSecond: Math.round(pgPeer),
        ratio: Number((pgProbity / pgPeer).toFixed(3)),
        meets: pgProbity >= 150_000 && pgProbity / pgPeer >= 1.5,
      };
    }
    return {
      bench: 'import',
      target: 'P1',
      scale: args.scale,
      records,
      runs: args.runs,
      probityRecordsPerSecond: Math.round(probity),
      baselineRecordsPerSecond: Math.round(peer),
      ratio: Number((probity / peer).toFixed(3)),
      meets: probity >= 200_000 && probity / peer >= 1.5,
      loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
      ...(postgres === undefined ? {} : { postgres }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
