// P1: bulk import into SQLite (validated, idempotent), against a plain baseline in the same run.
// The city's records are written to one JSON lines file per submitting agency; Probity imports
// them through the same code path as `probity import` (stream, parse, validate, deduplicate,
// chain, audit, append). The baseline is a plain table with an index on the subject and a unique
// (agency, sourceRef) index, opened with the store's settings, filled with the same rows (already
// parsed and in memory) by one prepared INSERT in transactions of the same size. Target (issue
// 11): Probity at 1.5 x the baseline.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { addAgencies } from '../src/app/agencies/agency-add.js';
import { catalogInForce } from '../src/app/policy/catalog-in-force.js';
import { openRecordFile } from '../src/io/record-file-reader.js';
import { IMPORT_BATCH_SIZE, importRecords } from '../src/app/records/record-import.js';
import { initStore } from '../src/app/ledger/store-init.js';
import { parseCatalog } from '../src/core/catalog/index.js';
import { formatInstant, instant } from '../src/core/time/instant.js';
import { openStore } from '../src/store/index.js';
import { openSqliteDatabase } from '../src/store/sqlite-store.js';
import { generateCity } from '../src/synth/index.js';
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

async function writeAgencyFiles(dir: string, args: BenchArgs) {
  const catalogText = readFileSync('policies/catalog.yaml', 'utf8');
  const parsed = parseCatalog(catalogText);
  if (!parsed.ok) throw new Error('reference catalogue does not parse');
  const city = generateCity(parsed.catalog, { ...SCALES[args.scale], years: 5, seed: 1, now: NOW });
  const files = new Map<string, ReturnType<typeof createWriteStream>>();
  const bare: BareRow[] = [];
  for (let i = 0; i < city.recordCount; i++) {
    const r = city.record(i);
    let out = files.get(r.agencyId);
    if (!out) {
      out = createWriteStream(join(dir, `${r.agencyId}.jsonl`));
      files.set(r.agencyId, out);
    }
    const line = JSON.stringify({
      sourceRef: r.sourceRef,
      subject: r.subject,
      category: r.category,
      occurredAt: formatInstant(r.occurredAt),
      fields: r.fields,
    });
    if (!out.write(line + '\n')) await once(out, 'drain');
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
  for (const out of files.values()) {
    out.end();
    await once(out, 'finish');
  }
  return { catalogText, agencies: [...files.keys()], bare, records: city.recordCount };
}

async function probityImport(
  dir: string,
  catalogText: string,
  agencies: readonly string[],
): Promise<number> {
  const db = join(dir, `probity-${Date.now()}.db`);
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
    const result = await importRecords(
      store,
      catalog,
      agency,
      await openRecordFile(join(dir, `${id}.jsonl`)),
      NOW,
    );
    if (result.rejected > 0) throw new Error(`${result.rejected} rows of ${id} were rejected`);
    accepted += result.accepted;
  }
  const took = seconds(start);
  await store.close();
  rmSync(db, { force: true });
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
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
