// `probity seed`: writes a synthetic city into the ledger. One demo agency per agency kind the
// catalogue names, then the city's records and `fulfilled` events in the order a real ledger
// would have accepted them (by `recordedAt`), a few thousand per transaction. Subjects are
// registered with their first record, as ingest does; those without records at the end.
//
// Seed data is valid by construction (the generator's unit tests prove it), so this writes
// through the LedgerWriter port directly instead of revalidating millions of rows through ingest.
import type { Catalog } from '../../core/catalog/index.js';
import type { LedgerRecord, LedgerRecordEvent } from '../../core/ledger/ledger-types.js';
import type { Instant } from '../../core/time/instant.js';
import { generateCity, type CityOptions, type SyntheticCity } from '../../synth/index.js';
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
): Promise<SeedSummary> {
  const cityOptions: CityOptions = options;
  const city = generateCity(catalog, cityOptions);

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
    persons: city.persons.count,
    organizations: city.organizations.count,
    records: city.recordCount,
    agencies: agencies.length,
  };
}

async function writeHistory(
  store: LedgerAppender,
  city: SyntheticCity,
  catalogVersion: number,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<void> {
  const order = city.ledgerOrder();
  const recordCount = city.recordCount;
  const subjectCount = city.subjectCount;
  const total = order.length + subjectCount;
  // Ledger id of each record once written (ids are sequence numbers), and who is registered.
  const recordIds = new Float64Array(recordCount);
  const registered = new Uint8Array(subjectCount);
  let registeredCount = 0;
  let done = 0;

  for (let from = 0; from < order.length; from += BATCH) {
    const to = Math.min(order.length, from + BATCH);
    await appendToLedger(
      store,
      async (tx, seq) => {
        const subjects: NewSubject[] = [];
        const records: LedgerRecord[] = [];
        const events: LedgerRecordEvent[] = [];
        for (let k = from; k < to; k += 1) {
          const item = order[k] ?? 0;
          const id = seq.next();
          if (item < recordCount) {
            const r = city.record(item);
            recordIds[item] = id;
            const subject = city.recordSubject(item);
            if (registered[subject] === 0) {
              registered[subject] = 1;
              registeredCount += 1;
              const s = city.subject(subject);
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
          } else {
            const f = city.fulfilment(item - recordCount);
            events.push({
              seq: id,
              recordId: recordIds[f.record] ?? 0,
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
    done += to - from;
    onProgress?.(done + registeredCount, total);
  }

  // Subjects without records: registered at the end, known from the ledger's head then.
  for (let from = 0; from < subjectCount; from += BATCH) {
    const to = Math.min(subjectCount, from + BATCH);
    const subjects: NewSubject[] = [];
    for (let i = from; i < to; i += 1) {
      if (registered[i] === 1) continue;
      const s = city.subject(i);
      subjects.push({
        key: s.key,
        kind: s.kind,
        birthDate: s.birthDate,
        name: s.name,
        firstSeq: 0,
      });
    }
    if (subjects.length === 0) continue;
    await appendToLedger(
      store,
      async (tx, seq) => {
        await tx.insertSubjects(subjects.map((s) => ({ ...s, firstSeq: seq.last })));
      },
      HISTORY,
    );
    registeredCount += subjects.length;
    onProgress?.(done + registeredCount, total);
  }
  if (total === 0) onProgress?.(0, 0);
}
