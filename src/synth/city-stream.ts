// The synthetic city as a stream, at any scale: the same city as `generateCity` (the same seed
// gives the same records, fulfilments and subjects, in the same ledger order), produced in
// bounded memory for a store to write as it goes.
//
// Why windows of time: a ledger accepts records by `recordedAt`, but the generator draws them
// subject by subject, each subject's spread over the whole history, so no subject chunk can be
// written before every later chunk is drawn. Holding every chunk (or a merge heap over chunks
// that keep their records) is holding the city. Instead the generator, being deterministic and
// cheap next to writing, is run again per window: a counting pass learns how many ledger items
// fall on each day and cuts the history into windows of at most `windowRows` items; each window's
// pass regenerates the subjects a chunk at a time and keeps only the window's items (a few
// numbers each, plus the subject's strings), sorts them and yields them; then come the
// subjects without any record (found by the last window's pass when they are fewer than a tenth
// of a window, as in a district, or by a pass of their own, as in a city). Memory is one chunk of subjects plus one window of items (plus
// the serial counters and the records still awaiting a `fulfilled` event, kept by the writer),
// whatever the scale; the price is one generation pass per window, which the windows' size keeps
// few, and which skips what the draws do not need: residents' identity numbers (most of the
// residents' cost) are built only for the subjects a window writes (bench/README.md, seed).
import type { Catalog } from '../core/catalog/index.js';
import { BEIJING_DISTRICTS } from '../core/identifiers/index.js';
import type { SubjectKind } from '../core/ledger/ledger-types.js';
import { MS_PER_DAY, instant, type Instant } from '../core/time/instant.js';
import {
  checkCityOptions,
  yearsBefore,
  type CityOptions,
  type SyntheticFulfilment,
  type SyntheticRecord,
  type SyntheticSubject,
} from './city-generate.js';
import { OrganizationGenerator, type SyntheticOrganizations } from './organizations-generate.js';
import { PersonGenerator, personKey, type PersonColumns } from './persons-generate.js';
import { Random } from './random.js';
import { sourceReference } from './record-fields.js';
import {
  FulfilmentColumns,
  HistoryGenerator,
  planCategories,
  RecordColumns,
  type CategoryPlan,
  type GeneratedHistory,
} from './records-generate.js';

export interface CityStreamTuning {
  /** Subjects generated at a time. */
  readonly chunkSubjects?: number;
  /** Ledger items (records and fulfilments) held at most per window (a single day may exceed it). */
  readonly windowRows?: number;
}

/** Sized for a few hundred megabytes at most per window; about 25 windows for Beijing (L). */
const CHUNK_SUBJECTS = 50_000;
const SECOND = 1_000;
const WINDOW_ROWS = 5_000_000;

/** One item of the ledger, in the order a ledger accepts them. */
export type CityItem =
  | {
      readonly kind: 'record';
      /** The record's number in generation order (what a fulfilment names). */
      readonly index: number;
      readonly record: SyntheticRecord;
      /** Set on the subject's first record in ledger order: the subject to register with it. */
      readonly firstOf: SyntheticSubject | undefined;
      /** A `fulfilled` event follows later for this record. */
      readonly fulfilled: boolean;
    }
  | { readonly kind: 'fulfilment'; readonly fulfilment: SyntheticFulfilment }
  /** A subject with no record at all, after every record and fulfilment, in subject order. */
  | { readonly kind: 'subject'; readonly subject: SyntheticSubject };

/** One chunk of subjects and their whole history, as a pass regenerates it. */
interface Chunk {
  readonly firstSubject: number;
  /** Persons without their identity numbers, built only for the subjects written. */
  readonly persons: PersonColumns | undefined;
  readonly organizations: SyntheticOrganizations | undefined;
  readonly history: GeneratedHistory;
  /** Generation numbers of the chunk's first record and first fulfilment in the whole city. */
  readonly firstRecord: number;
  readonly firstFulfilment: number;
}

/**
 * A window's items, in typed columns sized exactly (the counting pass knows how many): some
 * forty bytes an item. Kind 0 is a record, 1 a fulfilment (records first on ties).
 */
class WindowItems {
  count = 0;
  readonly recordedAt: Float64Array;
  readonly kind: Uint8Array;
  /** Generation number of the record, or of the fulfilment. */
  readonly index: Float64Array;
  /** Fulfilments: generation number of the record fulfilled. */
  readonly record: Float64Array;
  /** occurredAt of a record, `at` of a fulfilment. */
  readonly at: Float64Array;
  readonly category: Uint16Array;
  readonly district: Uint8Array;
  readonly yearOffset: Uint8Array;
  readonly fieldSeed: Uint32Array;
  /** 1 for a person's item. */
  readonly person: Uint8Array;
  /** 1 for a record a `fulfilled` event follows. */
  readonly fulfilled: Uint8Array;
  /** The subject's key (shared with its chunk's strings). */
  readonly key: string[];
  readonly firstOf = new Map<number, SyntheticSubject>();

  constructor(size: number) {
    this.recordedAt = new Float64Array(size);
    this.kind = new Uint8Array(size);
    this.index = new Float64Array(size);
    this.record = new Float64Array(size);
    this.at = new Float64Array(size);
    this.category = new Uint16Array(size);
    this.district = new Uint8Array(size);
    this.yearOffset = new Uint8Array(size);
    this.fieldSeed = new Uint32Array(size);
    this.person = new Uint8Array(size);
    this.fulfilled = new Uint8Array(size);
    this.key = new Array<string>(size).fill('');
  }
}

export class CityStream {
  readonly options: CityOptions;
  /** The instant the history starts: `now` minus `years` calendar years. */
  readonly start: Instant;
  readonly plans: readonly CategoryPlan[];
  readonly recordCount: number;
  readonly fulfilmentCount: number;
  /** Subjects with no record (registered last). */
  readonly recordlessCount: number;
  /** Window ends, as day numbers (exclusive) counted from `firstDay`. */
  readonly windowEnds: readonly number[];
  /** How many items each window holds. */
  readonly windowSizes: readonly number[];
  /** Generation passes run so far (the counting pass included). */
  passes = 0;
  /** Subject chunks generated so far, over all passes. */
  chunksGenerated = 0;
  /** The most items held at once (one window's, and the record-less subjects with the last). */
  peakHeld = 0;

  private readonly chunkSubjects: number;
  private readonly windowRows: number;
  private readonly firstDay: number;
  private readonly firstYear: number;

  constructor(catalog: Catalog, options: CityOptions, tuning: CityStreamTuning = {}) {
    checkCityOptions(options);
    this.options = options;
    this.start = yearsBefore(options.now, options.years);
    this.plans = planCategories(catalog);
    this.chunkSubjects = Math.max(1, tuning.chunkSubjects ?? CHUNK_SUBJECTS);
    this.firstDay = Math.floor(this.start / MS_PER_DAY);
    this.firstYear = new Date(this.start).getUTCFullYear();

    // The counting pass: items per day, and the subjects without records.
    const days = Math.floor(options.now / MS_PER_DAY) - this.firstDay + 1;
    const perDay = new Float64Array(days);
    let records = 0;
    let fulfilments = 0;
    let recordless = 0;
    for (const chunk of this.pass()) {
      const { records: r, fulfilments: f } = chunk.history;
      const count = (at: number): void => {
        const day = this.dayOf(at);
        perDay[day] = (perDay[day] ?? 0) + 1;
      };
      for (let i = 0; i < r.count; i += 1) count(r.recordedAt[i] ?? 0);
      for (let i = 0; i < f.count; i += 1) count(f.recordedAt[i] ?? 0);
      records += r.count;
      fulfilments += f.count;
      recordless += chunkSize(chunk) - subjectsWithRecords(r);
    }
    this.recordCount = records;
    this.fulfilmentCount = fulfilments;
    this.recordlessCount = recordless;
    const windowRows = Math.max(1, tuning.windowRows ?? WINDOW_ROWS);
    this.windowRows = windowRows;
    const ends: number[] = [];
    const sizes: number[] = [];
    let held = 0;
    for (let d = 0; d < days; d += 1) {
      const n = perDay[d] ?? 0;
      if (held > 0 && held + n > windowRows) {
        ends.push(d);
        sizes.push(held);
        held = 0;
      }
      held += n;
    }
    if (held > 0) {
      ends.push(days);
      sizes.push(held);
    }
    this.windowEnds = ends;
    this.windowSizes = sizes;
  }

  get subjectCount(): number {
    return this.options.persons + this.options.organizations;
  }

  /** Every item the stream yields: records, fulfilments and record-less subjects. */
  get itemCount(): number {
    return this.recordCount + this.fulfilmentCount + this.recordlessCount;
  }

  /** The generation passes a whole stream takes: counting, one per window, maybe one more. */
  get passCount(): number {
    const withLast = this.recordlessCount <= this.windowRows / 10 && this.windowEnds.length > 0;
    return 1 + this.windowEnds.length + (withLast ? 0 : 1);
  }

  /** Every agency kind that submits a category of the catalogue, in catalogue order. */
  get agencyKinds(): readonly string[] {
    return [...new Set(this.plans.flatMap((p) => p.category.submitters))];
  }

  /** The ledger, window by window, then the subjects without records. */
  *items(): Generator<CityItem> {
    // Source-reference serials per (agency, district, year), given in ledger order.
    const districtSpan = BEIJING_DISTRICTS.length + 1;
    const agencySpan = Math.max(1, ...this.plans.map((p) => p.agencyIndex + 1));
    const serials = new Uint32Array(agencySpan * districtSpan * 256);
    let from = 0;
    // When they are few (a tenth of a window), the subjects without records are picked up by the
    // last window's pass instead of a pass of their own (a district's, not a city's).
    const withLast = this.recordlessCount <= this.windowRows / 10;
    let recordless: SyntheticSubject[] | undefined;
    for (const [n, to] of this.windowEnds.entries()) {
      const last = n === this.windowEnds.length - 1;
      if (last && withLast) recordless = [];
      const window = this.collect(from, to, this.windowSizes[n] ?? 0, recordless);
      from = to;
      this.peakHeld = Math.max(this.peakHeld, window.count + (recordless?.length ?? 0));
      const order = this.sorted(window);
      for (let k = 0; k < order.length; k += 1) {
        const w = order[k] ?? 0;
        const plan = this.planAt(window.category[w] ?? 0);
        if (window.kind[w] === 1) {
          yield {
            kind: 'fulfilment',
            fulfilment: {
              record: window.record[w] ?? 0,
              subject: window.key[w] ?? '',
              agencyId: plan.agencyId,
              at: instant(window.at[w] ?? 0),
              recordedAt: instant(window.recordedAt[w] ?? 0),
            },
          };
          continue;
        }
        const district = window.district[w] ?? 0;
        const yearOffset = window.yearOffset[w] ?? 0;
        const counter = (plan.agencyIndex * districtSpan + district) * 256 + yearOffset;
        const serial = (serials[counter] ?? 0) + 1;
        serials[counter] = serial;
        const year = this.firstYear + yearOffset;
        const sourceRef = sourceReference(plan.agencyId, { district, year, serial });
        const kind: SubjectKind = window.person[w] === 1 ? 'person' : 'organization';
        yield {
          kind: 'record',
          index: window.index[w] ?? 0,
          record: {
            subject: window.key[w] ?? '',
            subjectKind: kind,
            agencyId: plan.agencyId,
            sourceRef,
            category: plan.category.id,
            occurredAt: instant(window.at[w] ?? 0),
            recordedAt: instant(window.recordedAt[w] ?? 0),
            fields: plan.fields[kind](window.fieldSeed[w] ?? 0, { reference: sourceRef, year }),
          },
          firstOf: window.firstOf.get(w),
          fulfilled: window.fulfilled[w] === 1,
        };
      }
    }
    if (recordless !== undefined) {
      for (const subject of recordless) yield { kind: 'subject', subject };
      return;
    }
    // The subjects without records, a chunk at a time.
    for (const chunk of this.pass())
      for (const subject of recordlessOf(chunk)) yield { kind: 'subject', subject };
  }

  /** The items recorded on days [from, to); the subjects without records too if asked. */
  private collect(
    from: number,
    to: number,
    size: number,
    recordless: SyntheticSubject[] | undefined,
  ): WindowItems {
    const window = new WindowItems(size);
    // A subject's identity number is built once per window (its items share the string).
    const keys = new Map<number, string>();
    for (const chunk of this.pass()) {
      const { records: r, fulfilments: f } = chunk.history;
      keys.clear();
      if (recordless !== undefined) recordless.push(...recordlessOf(chunk));
      // Each subject's records are consecutive: its first in ledger order is the earliest
      // (ties to the first generated).
      const first = new Uint8Array(r.count);
      const fulfilled = new Uint8Array(r.count);
      for (let i = 0; i < f.count; i += 1) fulfilled[f.record[i] ?? 0] = 1;
      let best = -1;
      for (let i = 0; i < r.count; i += 1) {
        if (best >= 0 && r.subject[i] !== r.subject[best]) {
          first[best] = 1;
          best = -1;
        }
        if (best < 0 || (r.recordedAt[i] ?? 0) < (r.recordedAt[best] ?? 0)) best = i;
      }
      if (best >= 0) first[best] = 1;

      for (let i = 0; i < r.count; i += 1) {
        const day = this.dayOf(r.recordedAt[i] ?? 0);
        if (day < from || day >= to) continue;
        const local = (r.subject[i] ?? 0) - chunk.firstSubject;
        const w = this.push(
          window,
          chunk,
          keys,
          local,
          r.recordedAt[i] ?? 0,
          0,
          r.category[i] ?? 0,
        );
        window.index[w] = chunk.firstRecord + i;
        window.record[w] = chunk.firstRecord + i;
        window.at[w] = r.occurredAt[i] ?? 0;
        window.yearOffset[w] = r.yearOffset[i] ?? 0;
        window.fieldSeed[w] = r.fieldSeed[i] ?? 0;
        window.fulfilled[w] = fulfilled[i] ?? 0;
        if (first[i] === 1) window.firstOf.set(w, subjectAt(chunk, local));
      }
      for (let i = 0; i < f.count; i += 1) {
        const day = this.dayOf(f.recordedAt[i] ?? 0);
        if (day < from || day >= to) continue;
        const record = f.record[i] ?? 0;
        const local = (r.subject[record] ?? 0) - chunk.firstSubject;
        const w = this.push(
          window,
          chunk,
          keys,
          local,
          f.recordedAt[i] ?? 0,
          1,
          r.category[record] ?? 0,
        );
        window.index[w] = chunk.firstFulfilment + i;
        window.record[w] = chunk.firstRecord + record;
        window.at[w] = f.at[i] ?? 0;
        window.yearOffset[w] = 0;
        window.fieldSeed[w] = 0;
        window.fulfilled[w] = 0;
      }
    }
    return window;
  }

  private push(
    window: WindowItems,
    chunk: Chunk,
    keys: Map<number, string>,
    local: number,
    recordedAt: number,
    kind: number,
    category: number,
  ): number {
    const w = window.count;
    window.count = w + 1;
    window.recordedAt[w] = recordedAt;
    window.kind[w] = kind;
    window.category[w] = category;
    const persons = chunk.persons;
    if (persons !== undefined) {
      window.person[w] = 1;
      let key = keys.get(local);
      if (key === undefined) {
        key = personKey(persons, local);
        keys.set(local, key);
      }
      window.key[w] = key;
      window.district[w] = persons.districts[local] ?? 0;
    } else {
      window.person[w] = 0;
      window.key[w] = chunk.organizations?.keys[local] ?? '';
      window.district[w] = chunk.organizations?.districts[local] ?? 0;
    }
    return w;
  }

  /** Ledger order: by `recordedAt`, records before fulfilments, then in generation order. */
  private sorted(window: WindowItems): Uint32Array {
    const n = window.count;
    const order = new Uint32Array(n);
    const { recordedAt, kind, index } = window;
    // Items were collected in generation order within each kind, so an item's rank among the
    // window's records (then fulfilments) is the tie-break; times are whole seconds. Packed as
    // (second since the window's first item) × n + rank, one native numeric sort does it.
    let first = Infinity;
    let last = -Infinity;
    let records = 0;
    for (let w = 0; w < n; w += 1) {
      const t = recordedAt[w] ?? 0;
      if (t < first) first = t;
      if (t > last) last = t;
      if (kind[w] === 0) records += 1;
    }
    const spanSeconds = n === 0 ? 0 : Math.round((last - first) / SECOND) + 1;
    if (spanSeconds * n >= Number.MAX_SAFE_INTEGER) {
      for (let w = 0; w < n; w += 1) order[w] = w;
      return order.sort(
        (a, b) =>
          (recordedAt[a] ?? 0) - (recordedAt[b] ?? 0) ||
          (kind[a] ?? 0) - (kind[b] ?? 0) ||
          (index[a] ?? 0) - (index[b] ?? 0),
      );
    }
    const keys = new Float64Array(n);
    const byRank = new Uint32Array(n);
    let recordRank = 0;
    let fulfilmentRank = records;
    for (let w = 0; w < n; w += 1) {
      const rank = kind[w] === 0 ? recordRank++ : fulfilmentRank++;
      byRank[rank] = w;
      keys[w] = Math.round(((recordedAt[w] ?? 0) - first) / SECOND) * n + rank;
    }
    keys.sort();
    for (let k = 0; k < n; k += 1) order[k] = byRank[(keys[k] ?? 0) % n] ?? 0;
    return order;
  }

  /**
   * One generation pass: the city's subjects a chunk at a time, persons then organisations,
   * each chunk with its whole history, drawn exactly as `generateCity` draws them.
   */
  private *pass(): Generator<Chunk> {
    this.passes += 1;
    const { options, plans } = this;
    const root = new Random(options.seed);
    const personGenerator = new PersonGenerator(options.now, root.fork(1));
    const organizationGenerator = new OrganizationGenerator(root.fork(2));
    const history = new HistoryGenerator(
      plans,
      { start: this.start, now: options.now },
      root.fork(3),
    );
    let firstRecord = 0;
    let firstFulfilment = 0;
    const fresh = (subjects: number): GeneratedHistory => {
      const expected = history.expectedRecords(subjects, 0) * 1.05;
      return {
        records: new RecordColumns(Math.ceil(expected) + 1024),
        fulfilments: new FulfilmentColumns(Math.ceil(expected * 0.2) + 1024),
      };
    };
    const step = this.chunkSubjects;
    for (let from = 0; from < options.persons; from += step) {
      const persons = personGenerator.columns(Math.min(step, options.persons - from));
      const drawn = fresh(persons.count);
      history.persons(persons, from, drawn);
      this.chunksGenerated += 1;
      yield {
        firstSubject: from,
        persons,
        organizations: undefined,
        history: drawn,
        firstRecord,
        firstFulfilment,
      };
      firstRecord += drawn.records.count;
      firstFulfilment += drawn.fulfilments.count;
    }
    for (let from = 0; from < options.organizations; from += step) {
      const organizations = organizationGenerator.next(
        Math.min(step, options.organizations - from),
      );
      const drawn = fresh(organizations.count);
      history.organizations(organizations.count, options.persons + from, drawn);
      this.chunksGenerated += 1;
      yield {
        firstSubject: options.persons + from,
        persons: undefined,
        organizations,
        history: drawn,
        firstRecord,
        firstFulfilment,
      };
      firstRecord += drawn.records.count;
      firstFulfilment += drawn.fulfilments.count;
    }
  }

  private dayOf(at: number): number {
    return Math.floor(at / MS_PER_DAY) - this.firstDay;
  }

  private planAt(index: number): CategoryPlan {
    const plan = this.plans[index];
    if (plan === undefined) throw new Error(`no category plan ${index}`);
    return plan;
  }
}

/** The chunk's subjects without any record, in subject order. */
function recordlessOf(chunk: Chunk): SyntheticSubject[] {
  const has = new Uint8Array(chunkSize(chunk));
  const r = chunk.history.records;
  for (let i = 0; i < r.count; i += 1) has[(r.subject[i] ?? 0) - chunk.firstSubject] = 1;
  const subjects: SyntheticSubject[] = [];
  for (let s = 0; s < has.length; s += 1) if (has[s] === 0) subjects.push(subjectAt(chunk, s));
  return subjects;
}

function chunkSize(chunk: Chunk): number {
  return chunk.persons?.count ?? chunk.organizations?.count ?? 0;
}

function subjectsWithRecords(records: RecordColumns): number {
  let n = 0;
  for (let i = 0; i < records.count; i += 1)
    if (i === 0 || records.subject[i] !== records.subject[i - 1]) n += 1;
  return n;
}

function subjectAt(chunk: Chunk, local: number): SyntheticSubject {
  const persons = chunk.persons;
  if (persons !== undefined)
    return {
      key: personKey(persons, local),
      kind: 'person',
      birthDate: instant(persons.birthDates[local] ?? 0),
      name: persons.names[local] ?? '',
    };
  return {
    key: chunk.organizations?.keys[local] ?? '',
    kind: 'organization',
    birthDate: undefined,
    name: chunk.organizations?.names[local] ?? '',
  };
}

/**
 * Plans the stream (one counting pass over the city, in chunks) and returns it; `items()` then
 * yields the ledger lazily, window by window.
 */
export function streamCity(
  catalog: Catalog,
  options: CityOptions,
  tuning?: CityStreamTuning,
): CityStream {
  return new CityStream(catalog, options, tuning);
}
