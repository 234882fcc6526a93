// `probity seed`: writes a synthetic city into the ledger. One demo agency per agency kind the
// catalogue names, then the city's records and `fulfilled` events in the order a real ledger
// would have accepted them (by `recordedAt`), a few thousand per transaction. Subjects are
// registered with their first record, as ingest does; those without records at the end.
//
// Memory is bounded whatever the scale: the city comes as a stream (synth/city-stream.ts), and
// only the ids of records still awaiting their `fulfilled` event are kept between transactions.
//
// Seed data is valid by construction (the generator's unit tests prove it), so this writes
// through the LedgerWriter port directly instead of revalidating millions of rows through ingest.
import type { Catalog } from '../../core/catalog/index.js';
import type { LedgerRecord, LedgerRecordEvent } from '../../core/ledger/ledger-types.js';
import type { Instant } from '../../core/time/instant.js';
import {
  streamCity,
  type CityOptions,
  type CityItem,
  type CityStream,
  type CityStreamTuning,
} from '../../synth/index.js';
import { addAgencies, type AgencyToAdd } from '../agencies/agency-add.js';
import { appendToLedger } from './ledger-append.js';
import type { AgencyDirectory, LedgerAppender, NewSubject } from '../ports/ledger-store.js';

export interface SeedOptions {
  readonly persons: number;
  readonly organizations: number;
  readonly years: number;
  readonly seed: number;
  readonly now: Instant;
}

export interface SeedSummary {
  readonly persons: number;
  readonly organizations: number;
  readonly records: number;
  readonly agencies: number;
}

/** Seeding writes a history: dated in the past, into a simulation only (recording-clock.ts). */
const HISTORY = { history: true } as const;

/** Ledger events (records and record events) per transaction. */
const BATCH = 5_000;

/**
 * The demo agencies for a catalogue: one per agency kind, with id = kind. Their tokens are DEMO
 * CREDENTIALS, derived from the seed so that the demo can print them and tests can use them; they
 * are public by construction and must never guard a real deployment.
 */
export function demoAgencies(catalog: Catalog, seed: number): AgencyToAdd[] {
  const kinds = [...new Set(catalog.categories.flatMap((c) => c.submitters))];
  return kinds.map((kind) => ({
    id: kind,
    kind,
    name: `Demo ${kind.replace(/-/g, ' ')}`,
    token: `demo-${kind}-${seed}`,
  }));
}

export async function seedCity(
  store: AgencyDirectory & LedgerAppender,
  catalog: Catalog,
  catalogVersion: number,
  options: SeedOptions,
  onProgress?: (done: number, total: number) => void,
  tuning?: CityStreamTuning,
): Promise<SeedSummary> {
  const cityOptions: CityOptions = options;
  // The city as a stream (synth/city-stream.ts): bounded memory at any scale, the same ledger as
  // the in-memory generator for the same seed.
  const city = streamCity(catalog, cityOptions, tuning);

  // Agencies exist from the start of the history they submit. A kind that already has an agency
  // of that id (a store seeded before) keeps it.
  const agencies: AgencyToAdd[] = [];
  for (const agency of demoAgencies(catalog, options.seed)) {
    const existing = await store.findAgency(agency.id);
    if (!existing) agencies.push(agency);
  }
  // The city's history is dated in the past: a simulation only (recording-clock.ts).
  if (agencies.length > 0) await addAgencies(store, agencies, city.start, HISTORY);

  await store.bulkLoad(() => writeHistory(store, city, catalogVersion, onProgress));
  return {
    persons: options.persons,
    organizations: options.organizations,
    records: city.recordCount,
    agencies: agencies.length,
  };
}

/**
 * Writes the stream in transactions of BATCH ledger events. Subjects are registered with their
 * first record; those without records at the end, known from the ledger's head then. The ids of
 * records awaiting a `fulfilled` event are the only state kept across batches (ids are sequence
 * numbers, so they are known only once written).
 */
async function writeHistory(
  store: LedgerAppender,
  city: CityStream,
  catalogVersion: number,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<void> {
  const total = city.recordCount + city.fulfilmentCount + city.subjectCount;
  // The bar (and its ETA) starts once the counting pass knows the total, before the first window.
  if (total > 0) onProgress?.(0, total);
  const awaiting = new Map<number, number>();
  let done = 0;
  let batch: CityItem[] = [];
  let recordless: NewSubject[] = [];

  const writeEvents = async (items: readonly CityItem[]): Promise<void> => {
    let registered = 0;
    await appendToLedger(
      store,
      async (tx, seq) => {
        const subjects: NewSubject[] = [];
        const records: LedgerRecord[] = [];
        const events: LedgerRecordEvent[] = [];
        registered = 0;
        for (const item of items) {
          const id = seq.next();
          if (item.kind === 'record') {
            const r = item.record;
            if (item.fulfilled) awaiting.set(item.index, id);
            const s = item.firstOf;
            if (s !== undefined) {
              registered += 1;
              subjects.push({
                key: s.key,
                kind: s.kind,
                birthDate: s.birthDate,
                name: s.name,
                firstSeq: id,
              });
            }
            records.push({
              id,
              subject: r.subject,
              subjectKind: r.subjectKind,
              agencyId: r.agencyId,
              sourceRef: r.sourceRef,
              category: r.category,
              occurredAt: r.occurredAt,
              recordedAt: r.recordedAt,
              fields: r.fields,
              catalogVersion,
            });
          } else if (item.kind === 'fulfilment') {
            const f = item.fulfilment;
            events.push({
              seq: id,
              recordId: awaiting.get(f.record) ?? 0,
              subject: f.subject,
              type: 'fulfilled',
              at: f.at,
              recordedAt: f.recordedAt,
              actor: f.agencyId,
              reason: undefined,
              fields: undefined,
            });
          }
        }
        await tx.insertSubjects(subjects);
        await tx.insertRecords(records);
        await tx.insertRecordEvents(events);
      },
      HISTORY,
    );
    for (const item of items)
      if (item.kind === 'fulfilment') awaiting.delete(item.fulfilment.record);
    done += items.length + registered;
    onProgress?.(done, total);
  };

  // Subjects without records: registered at the end, known from the ledger's head then.
  const writeRecordless = async (subjects: readonly NewSubject[]): Promise<void> => {
    await appendToLedger(
      store,
      async (tx, seq) => {
        await tx.insertSubjects(subjects.map((s) => ({ ...s, firstSeq: seq.last })));
      },
      HISTORY,
    );
    done += subjects.length;
    onProgress?.(done, total);
  };

  for (const item of city.items()) {
    if (item.kind === 'subject') {
      const s = item.subject;
      recordless.push({
        key: s.key,
        kind: s.kind,
        birthDate: s.birthDate,
        name: s.name,
        firstSeq: 0,
      });
      if (recordless.length === BATCH) {
        await writeRecordless(recordless);
        recordless = [];
      }
      continue;
    }
    batch.push(item);
    if (batch.length === BATCH) {
      await writeEvents(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await writeEvents(batch);
  if (recordless.length > 0) await writeRecordless(recordless);
  if (total === 0) onProgress?.(0, 0);
}
