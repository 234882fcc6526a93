// The synthetic city: residents, organisations and their records over `years` up to `now`,
// the same for the same seed and catalogue on every machine. It knows nothing of storage: the
// seed use case (src/app/seed) walks it in ledger order and writes what it reads.
//
// Everything is kept in columns; `subject`, `record` and `fulfilment` build one row as an object
// when it is asked for, so that writing a batch allocates only that batch.
import type { Catalog } from '../core/catalog/index.js';
import { DomainError } from '../core/errors/domain-error.js';
import type { RecordFields, SubjectKind } from '../core/ledger/ledger-types.js';
import { MS_PER_DAY, instant, type Instant } from '../core/time/instant.js';
import { generateOrganizations, type SyntheticOrganizations } from './organizations-generate.js';
import { generatePersons, type SyntheticPersons } from './persons-generate.js';
import { Random } from './random.js';
import { sourceReference } from './record-fields.js';
import {
  assignSerials,
  generateHistory,
  planCategories,
  type CategoryPlan,
  type FulfilmentColumns,
  type RecordColumns,
} from './records-generate.js';

export interface CityOptions {
  readonly persons: number;
  readonly organizations: number;
  /** Years of history ending at `now`. */
  readonly years: number;
  readonly seed: number;
  readonly now: Instant;
}

export interface SyntheticSubject {
  readonly key: string;
  readonly kind: SubjectKind;
  /** Persons only. */
  readonly birthDate: Instant | undefined;
  readonly name: string;
}

/** A record as an agency would submit it, once accepted: everything but its ledger id. */
export interface SyntheticRecord {
  readonly subject: string;
  readonly subjectKind: SubjectKind;
  readonly agencyId: string;
  readonly sourceRef: string;
  readonly category: string;
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
  readonly fields: RecordFields;
}

/** A `fulfilled` event: the debt of record `record` (an index into the city's records) was paid. */
export interface SyntheticFulfilment {
  readonly record: number;
  readonly subject: string;
  readonly agencyId: string;
  readonly at: Instant;
  readonly recordedAt: Instant;
}

const SECOND = 1_000;
// recordedAt is a whole second: the second of the day fits 17 bits, so (second of day, item
// index) packs exactly into one double for any item index below 2^36.
const ITEM_BITS = 2 ** 36;

export class SyntheticCity {
  readonly options: CityOptions;
  readonly persons: SyntheticPersons;
  readonly organizations: SyntheticOrganizations;
  /** The instant the history starts: `now` minus `years` calendar years. */
  readonly start: Instant;
  readonly plans: readonly CategoryPlan[];
  private readonly records: RecordColumns;
  private readonly fulfilments: FulfilmentColumns;
  private order: Uint32Array | undefined;
  private readonly firstYear: number;

  constructor(
    options: CityOptions,
    persons: SyntheticPersons,
    organizations: SyntheticOrganizations,
    start: Instant,
    plans: readonly CategoryPlan[],
    records: RecordColumns,
    fulfilments: FulfilmentColumns,
  ) {
    this.options = options;
    this.persons = persons;
    this.organizations = organizations;
    this.start = start;
    this.plans = plans;
    this.records = records;
    this.fulfilments = fulfilments;
    this.firstYear = new Date(start).getUTCFullYear();
  }

  get subjectCount(): number {
    return this.persons.count + this.organizations.count;
  }

  get recordCount(): number {
    return this.records.count;
  }

  get fulfilmentCount(): number {
    return this.fulfilments.count;
  }

  /** Every agency kind that submits a category of the catalogue, in catalogue order. */
  get agencyKinds(): readonly string[] {
    return [...new Set(this.plans.flatMap((p) => p.category.submitters))];
  }

  /** Subjects are numbered persons first, then organisations. */
  subject(index: number): SyntheticSubject {
    const p = this.persons;
    if (index < p.count) {
      return {
        key: p.keys[index] ?? '',
        kind: 'person',
        birthDate: instant(p.birthDates[index] ?? 0),
        name: p.names[index] ?? '',
      };
    }
    const o = index - p.count;
    return {
      key: this.organizations.keys[o] ?? '',
      kind: 'organization',
      birthDate: undefined,
      name: this.organizations.names[o] ?? '',
    };
  }

  /** The subject index of record `index`. */
  recordSubject(index: number): number {
    return this.records.subject[index] ?? 0;
  }

  record(index: number): SyntheticRecord {
    // Source references need the serial numbers, which follow from the ledger order.
    if (this.order === undefined) this.ledgerOrder();
    const r = this.records;
    const subject = r.subject[index] ?? 0;
    const plan = this.planOf(index);
    const isPerson = subject < this.persons.count;
    const kind: SubjectKind = isPerson ? 'person' : 'organization';
    const occurredAt = instant(r.occurredAt[index] ?? 0);
    const district = isPerson
      ? (this.persons.districts[subject] ?? 0)
      : (this.organizations.districts[subject - this.persons.count] ?? 0);
    const year = this.firstYear + (r.yearOffset[index] ?? 0);
    const sourceRef = sourceReference(plan.agencyId, {
      district,
      year,
      serial: r.serial[index] ?? 0,
    });
    return {
      subject: this.subjectKey(subject),
      subjectKind: kind,
      agencyId: plan.agencyId,
      sourceRef,
      category: plan.category.id,
      occurredAt,
      recordedAt: instant(r.recordedAt[index] ?? 0),
      fields: plan.fields[kind](r.fieldSeed[index] ?? 0, { reference: sourceRef, year }),
    };
  }

  fulfilment(index: number): SyntheticFulfilment {
    const f = this.fulfilments;
    const record = f.record[index] ?? 0;
    return {
      record,
      subject: this.subjectKey(this.records.subject[record] ?? 0),
      agencyId: this.planOf(record).agencyId,
      at: instant(f.at[index] ?? 0),
      recordedAt: instant(f.recordedAt[index] ?? 0),
    };
  }

  /**
   * Records and fulfilments in the order a ledger would have accepted them: by `recordedAt`,
   * ties kept in generation order with records before fulfilments. Value v < recordCount is
   * record v; any other is fulfilment v - recordCount. Computed once: a counting sort by day,
   * then a native numeric sort of packed (second of day, index) keys within each day.
   */
  ledgerOrder(): Uint32Array {
    if (this.order === undefined) {
      this.order = this.sortByRecordedAt();
      const persons = this.persons;
      const organizations = this.organizations;
      assignSerials(this.records, this.plans, this.order, (subject) =>
        subject < persons.count
          ? (persons.districts[subject] ?? 0)
          : (organizations.districts[subject - persons.count] ?? 0),
      );
    }
    return this.order;
  }

  private sortByRecordedAt(): Uint32Array {
    const recordCount = this.records.count;
    const n = recordCount + this.fulfilments.count;
    const timeOf = (item: number): number =>
      item < recordCount
        ? (this.records.recordedAt[item] ?? 0)
        : (this.fulfilments.recordedAt[item - recordCount] ?? 0);
    const firstDay = Math.floor(this.start / MS_PER_DAY) - 1;
    const days = Math.floor(this.options.now / MS_PER_DAY) - firstDay + 2;
    const bucketStart = new Uint32Array(days + 1);
    for (let item = 0; item < n; item += 1) {
      const day = Math.floor(timeOf(item) / MS_PER_DAY) - firstDay;
      bucketStart[day + 1] = (bucketStart[day + 1] ?? 0) + 1;
    }
    for (let d = 0; d < days; d += 1)
      bucketStart[d + 1] = (bucketStart[d + 1] ?? 0) + (bucketStart[d] ?? 0);
    const keys = new Float64Array(n);
    const fill = bucketStart.slice();
    for (let item = 0; item < n; item += 1) {
      const t = timeOf(item);
      const day = Math.floor(t / MS_PER_DAY);
      const position = fill[day - firstDay] ?? 0;
      fill[day - firstDay] = position + 1;
      keys[position] = ((t - day * MS_PER_DAY) / SECOND) * ITEM_BITS + item;
    }
    const order = new Uint32Array(n);
    for (let d = 0; d < days; d += 1) {
      const from = bucketStart[d] ?? 0;
      const to = bucketStart[d + 1] ?? 0;
      if (to - from > 1) keys.subarray(from, to).sort();
      for (let k = from; k < to; k += 1) order[k] = (keys[k] ?? 0) % ITEM_BITS;
    }
    return order;
  }

  private planOf(record: number): CategoryPlan {
    const plan = this.plans[this.records.category[record] ?? 0];
    if (plan === undefined) throw new Error(`record ${record} has no category plan`);
    return plan;
  }

  private subjectKey(subject: number): string {
    return subject < this.persons.count
      ? (this.persons.keys[subject] ?? '')
      : (this.organizations.keys[subject - this.persons.count] ?? '');
  }
}

/** `now` minus whole calendar years, 29 February giving 28 February. */
export function yearsBefore(now: Instant, years: number): Instant {
  const d = new Date(now);
  const year = d.getUTCFullYear() - years;
  const lastDay = new Date(Date.UTC(year, d.getUTCMonth() + 1, 0)).getUTCDate();
  return instant(
    Date.UTC(
      year,
      d.getUTCMonth(),
      Math.min(d.getUTCDate(), lastDay),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
}

/** Refuses options no city can be generated from (SeedInvalidOption). */
export function checkCityOptions(options: CityOptions): void {
  const wholeAtLeast = (name: string, value: number, min: number): void => {
    if (!Number.isSafeInteger(value) || value < min) {
      throw new DomainError(
        'SeedInvalidOption',
        `${name} must be a whole number of at least ${min}, not ${value}`,
      );
    }
  };
  wholeAtLeast('persons', options.persons, 0);
  wholeAtLeast('organizations', options.organizations, 0);
  wholeAtLeast('years', options.years, 1);
  // Record years are kept as a one-byte offset; no history is a century long anyway.
  if (options.years > 100)
    throw new DomainError('SeedInvalidOption', `years must be at most 100, not ${options.years}`);
  wholeAtLeast('seed', options.seed, 0);
  if (!Number.isFinite(options.now))
    throw new DomainError('SeedInvalidOption', 'now must be an instant');
}

/**
 * Generates the city. Each part draws from its own generator forked from the seed, so the
 * residents do not change when, say, the organisations' generator changes.
 */
export function generateCity(catalog: Catalog, options: CityOptions): SyntheticCity {
  checkCityOptions(options);
  const root = new Random(options.seed);
  const personRandom = root.fork(1);
  const organizationRandom = root.fork(2);
  const historyRandom = root.fork(3);
  const start = yearsBefore(options.now, options.years);
  const persons = generatePersons(options.persons, options.now, personRandom);
  const organizations = generateOrganizations(options.organizations, organizationRandom);
  const plans = planCategories(catalog);
  const { records, fulfilments } = generateHistory(
    plans,
    persons,
    organizations,
    { start, now: options.now },
    historyRandom,
  );
  return new SyntheticCity(options, persons, organizations, start, plans, records, fulfilments);
}
