// The synthetic city's history: for every subject, how many records of each kind it collected
// over the years up to `now`, when, and which debts were later paid. Counts are Poisson with the
// subject's exposure (adult years only, charter C4) times the category rates of record-rates.ts
// times the subject's propensity; one Poisson draw per subject and polarity, then a category by
// weight, which is the same distribution as one draw per category and far cheaper.
//
// Records are kept in columns (typed arrays that grow by doubling); their fields and source
// references are derived from a per-record seed and serial number only when they are written.
// Serial numbers are given once the records are in ledger order (assignSerials), so that an
// agency's numbers rise with time as real case and decision numbers do.
import type { Catalog, Category } from '../core/catalog/index.js';
import type { SubjectKind } from '../core/ledger/ledger-types.js';
import { MS_PER_DAY, type Instant } from '../core/time/instant.js';
import { BEIJING_DISTRICTS } from '../core/identifiers/index.js';
import type { SyntheticOrganizations } from './organizations-generate.js';
import { eighteenthBirthday, type SyntheticPersons } from './persons-generate.js';
import { type Random, WeightedTable } from './random.js';
import { compileFieldPlan, isFulfillable, type FieldPlan } from './record-fields.js';
import { ADVERSE_PROPENSITY, FAVOURABLE_PROPENSITY, rateRuleFor } from './record-rates.js';

const MS_PER_YEAR = 365.2425 * MS_PER_DAY;
const SECOND = 1_000;
const HOUR = 3_600_000;

/** A category as the generator uses it, with its rates and compiled field plans. */
export interface CategoryPlan {
  readonly category: Category;
  /** The demo agency of the category's first submitter kind (agency id = kind). */
  readonly agencyId: string;
  readonly agencyIndex: number;
  readonly fulfilledShare: number;
  readonly fields: Readonly<Record<SubjectKind, FieldPlan>>;
}

/** Records in columns; index i is the i-th record generated (not yet in time order). */
export class RecordColumns {
  count = 0;
  /** Persons are 0..persons-1, organisations follow. */
  subject: Int32Array;
  category: Uint16Array;
  occurredAt: Float64Array;
  recordedAt: Float64Array;
  /** Running number per (agency, district, year), for the source reference; see assignSerials. */
  serial: Uint32Array;
  /** Calendar year of `occurredAt`, as an offset from the first year of the history. */
  yearOffset: Uint8Array;
  fieldSeed: Uint32Array;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.subject = new Int32Array(c);
    this.category = new Uint16Array(c);
    this.occurredAt = new Float64Array(c);
    this.recordedAt = new Float64Array(c);
    this.serial = new Uint32Array(c);
    this.yearOffset = new Uint8Array(c);
    this.fieldSeed = new Uint32Array(c);
  }

  push(
    subject: number,
    category: number,
    occurredAt: number,
    recordedAt: number,
    yearOffset: number,
    fieldSeed: number,
  ): number {
    if (this.count === this.subject.length) this.grow();
    const i = this.count;
    this.subject[i] = subject;
    this.category[i] = category;
    this.occurredAt[i] = occurredAt;
    this.recordedAt[i] = recordedAt;
    this.yearOffset[i] = yearOffset;
    this.fieldSeed[i] = fieldSeed;
    this.count = i + 1;
    return i;
  }

  private grow(): void {
    const c = this.subject.length * 2;
    this.subject = grown(this.subject, new Int32Array(c));
    this.category = grown(this.category, new Uint16Array(c));
    this.occurredAt = grown(this.occurredAt, new Float64Array(c));
    this.recordedAt = grown(this.recordedAt, new Float64Array(c));
    this.serial = grown(this.serial, new Uint32Array(c));
    this.yearOffset = grown(this.yearOffset, new Uint8Array(c));
    this.fieldSeed = grown(this.fieldSeed, new Uint32Array(c));
  }
}

/** `fulfilled` events in columns. */
export class FulfilmentColumns {
  count = 0;
  record: Int32Array;
  at: Float64Array;
  recordedAt: Float64Array;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.record = new Int32Array(c);
    this.at = new Float64Array(c);
    this.recordedAt = new Float64Array(c);
  }

  push(record: number, at: number, recordedAt: number): void {
    if (this.count === this.record.length) {
      const c = this.record.length * 2;
      this.record = grown(this.record, new Int32Array(c));
      this.at = grown(this.at, new Float64Array(c));
      this.recordedAt = grown(this.recordedAt, new Float64Array(c));
    }
    this.record[this.count] = record;
    this.at[this.count] = at;
    this.recordedAt[this.count] = recordedAt;
    this.count += 1;
  }
}

function grown<T extends Int32Array | Uint8Array | Uint16Array | Uint32Array | Float64Array>(
  from: T,
  to: T,
): T {
  to.set(from);
  return to;
}

export function planCategories(catalog: Catalog): CategoryPlan[] {
  const agencyKinds: string[] = [];
  return catalog.categories.map((category) => {
    const agencyId = category.submitters[0] ?? 'authority';
    let agencyIndex = agencyKinds.indexOf(agencyId);
    if (agencyIndex === -1) agencyIndex = agencyKinds.push(agencyId) - 1;
    return {
      category,
      agencyId,
      agencyIndex,
      fulfilledShare: isFulfillable(category) ? (rateRuleFor(category).fulfilledShare ?? 0.4) : 0,
      fields: {
        person: compileFieldPlan(category, 'person'),
        organization: compileFieldPlan(category, 'organization'),
      },
    };
  });
}

/** The categories one kind of subject can have for one polarity, drawn by their rates. */
interface Mix {
  /** Expected records per subject-year of this polarity. */
  readonly rate: number;
  readonly table: WeightedTable | undefined;
  readonly categories: readonly number[];
}

function mixOf(
  plans: readonly CategoryPlan[],
  kind: SubjectKind,
  polarity: 'adverse' | 'favourable',
): Mix {
  const categories: number[] = [];
  const weights: number[] = [];
  plans.forEach((plan, index) => {
    const { category } = plan;
    if (category.polarity !== polarity || !category.subjects.includes(kind)) return;
    const rule = rateRuleFor(category);
    const rate = kind === 'person' ? rule.person : rule.organization;
    if (rate <= 0) return;
    categories.push(index);
    weights.push(rate);
  });
  const rate = weights.reduce((a, b) => a + b, 0);
  return { rate, table: rate > 0 ? new WeightedTable(weights) : undefined, categories };
}

function propensityTable(p: {
  shares: number[];
  multipliers: number[];
}): (random: Random) => number {
  const table = new WeightedTable(p.shares);
  return (random) => p.multipliers[table.draw(random)] ?? 1;
}

export interface HistoryWindow {
  readonly start: Instant;
  readonly now: Instant;
}

export interface GeneratedHistory {
  readonly records: RecordColumns;
  readonly fulfilments: FulfilmentColumns;
}

/**
 * Draws every subject's records. Times are whole seconds: `occurredAt` uniform over the subject's
 * adult part of the window, `recordedAt` from an hour to three weeks later (never after `now`),
 * and for a paid debt a `fulfilled` event from a day to about a year after it was recorded,
 * itself recorded within days, both not after `now` (debts too recent to be paid stay unpaid).
 */
export function generateHistory(
  plans: readonly CategoryPlan[],
  persons: SyntheticPersons,
  organizations: SyntheticOrganizations,
  window: HistoryWindow,
  random: Random,
): GeneratedHistory {
  const generator = new HistoryGenerator(plans, window, random);
  const expected = generator.expectedRecords(persons.count, organizations.count);
  const history: GeneratedHistory = {
    records: new RecordColumns(Math.ceil(expected * 1.05) + 1024),
    fulfilments: new FulfilmentColumns(Math.ceil(expected * 0.2) + 1024),
  };
  generator.persons(persons, 0, history);
  generator.organizations(organizations.count, persons.count, history);
  return history;
}

/**
 * The history a chunk of subjects at a time: persons first, then organisations, in subject order,
 * drawing exactly what one `generateHistory` call would. Each call appends to the columns given
 * (record indices are then those of the columns; fresh columns per chunk number from 0).
 */
export class HistoryGenerator {
  private readonly plans: readonly CategoryPlan[];
  private readonly random: Random;
  private readonly yearSpan: number;
  private readonly yearStarts: readonly number[];
  private readonly mixes: Readonly<
    Record<SubjectKind, { readonly adverse: Mix; readonly favourable: Mix }>
  >;
  private readonly adversePropensity: (random: Random) => number;
  private readonly favourablePropensity: (random: Random) => number;
  private readonly nowSecond: number;
  private readonly startSecond: number;
  private readonly windowYears: number;

  constructor(plans: readonly CategoryPlan[], window: HistoryWindow, random: Random) {
    const { start, now } = window;
    this.plans = plans;
    this.random = random;
    const firstYear = new Date(start).getUTCFullYear();
    this.yearSpan = new Date(now).getUTCFullYear() - firstYear + 1;
    this.yearStarts = Array.from({ length: this.yearSpan }, (_, k) =>
      Date.UTC(firstYear + k, 0, 1),
    );
    this.windowYears = (now - start) / MS_PER_YEAR;
    this.mixes = {
      person: {
        adverse: mixOf(plans, 'person', 'adverse'),
        favourable: mixOf(plans, 'person', 'favourable'),
      },
      organization: {
        adverse: mixOf(plans, 'organization', 'adverse'),
        favourable: mixOf(plans, 'organization', 'favourable'),
      },
    };
    this.adversePropensity = propensityTable(ADVERSE_PROPENSITY);
    this.favourablePropensity = propensityTable(FAVOURABLE_PROPENSITY);
    this.nowSecond = Math.floor(now / SECOND) * SECOND;
    this.startSecond = Math.ceil(start / SECOND) * SECOND;
  }

  /** About how many records so many subjects collect (to size columns). */
  expectedRecords(persons: number, organizations: number): number {
    const { mixes, windowYears } = this;
    return (
      persons * windowYears * (mixes.person.adverse.rate + mixes.person.favourable.rate) +
      organizations *
        windowYears *
        (mixes.organization.adverse.rate + mixes.organization.favourable.rate)
    );
  }

  /** The records of `persons`, the first of them being subject number `firstSubject`. */
  persons(
    persons: Pick<SyntheticPersons, 'count' | 'birthDates'>,
    firstSubject: number,
    into: GeneratedHistory,
  ): void {
    const { random, mixes, startSecond, nowSecond } = this;
    for (let i = 0; i < persons.count; i += 1) {
      const birth = persons.birthDates[i] ?? 0;
      // Only someone who might turn 18 inside the window needs the calendar; the rest are adults
      // (or still minors) throughout.
      const adultFrom =
        birth + 19 * MS_PER_YEAR < startSecond
          ? startSecond
          : Math.max(startSecond, eighteenthBirthday(birth));
      if (adultFrom >= nowSecond) continue;
      const years = (nowSecond - adultFrom) / MS_PER_YEAR;
      const adverse = random.poisson(
        mixes.person.adverse.rate * this.adversePropensity(random) * years,
      );
      const favourable = random.poisson(
        mixes.person.favourable.rate * this.favourablePropensity(random) * years,
      );
      this.emit(firstSubject + i, adultFrom, mixes.person.adverse, adverse, into);
      this.emit(firstSubject + i, adultFrom, mixes.person.favourable, favourable, into);
    }
  }

  /** The records of `count` organisations, the first being subject number `firstSubject`. */
  organizations(count: number, firstSubject: number, into: GeneratedHistory): void {
    const { random, mixes, startSecond, nowSecond } = this;
    const years = (nowSecond - startSecond) / MS_PER_YEAR;
    for (let j = 0; j < count; j += 1) {
      const adverse = random.poisson(
        mixes.organization.adverse.rate * this.adversePropensity(random) * years,
      );
      const favourable = random.poisson(
        mixes.organization.favourable.rate * this.favourablePropensity(random) * years,
      );
      this.emit(firstSubject + j, startSecond, mixes.organization.adverse, adverse, into);
      this.emit(firstSubject + j, startSecond, mixes.organization.favourable, favourable, into);
    }
  }

  private yearIndexOf(at: number): number {
    let k = this.yearSpan - 1;
    while (k > 0 && at < (this.yearStarts[k] ?? 0)) k -= 1;
    return k;
  }

  private emit(
    subject: number,
    from: number,
    mix: Mix,
    count: number,
    { records, fulfilments }: GeneratedHistory,
  ): void {
    const { random, plans, nowSecond } = this;
    const span = nowSecond - from;
    for (let n = 0; n < count; n += 1) {
      const planIndex = mix.categories[mix.table?.draw(random) ?? 0] ?? 0;
      const plan = plans[planIndex];
      if (plan === undefined) continue;
      const occurredAt = from + Math.floor((random.float() * span) / SECOND) * SECOND;
      let lag = random.logUniform(HOUR, 21 * MS_PER_DAY);
      if (occurredAt + lag > nowSecond) lag = random.float() * (nowSecond - occurredAt);
      const recordedAt = occurredAt + Math.floor(lag / SECOND) * SECOND;
      const index = records.push(
        subject,
        planIndex,
        occurredAt,
        recordedAt,
        this.yearIndexOf(occurredAt),
        random.uint32(),
      );
      if (plan.fulfilledShare > 0 && random.chance(plan.fulfilledShare)) {
        const at =
          recordedAt +
          Math.floor(random.logUniform(MS_PER_DAY, 400 * MS_PER_DAY) / SECOND) * SECOND;
        const eventRecordedAt =
          at + Math.floor(random.logUniform(HOUR, 5 * MS_PER_DAY) / SECOND) * SECOND;
        if (eventRecordedAt <= nowSecond) fulfilments.push(index, at, eventRecordedAt);
      }
    }
  }
}

/**
 * Numbers each record within its (agency, district, year of the conduct) in ledger order, so
 * that every source reference is unique per agency and an agency's numbers rise with time.
 * `order` is the ledger order (record indices below `records.count`; others are skipped) and
 * `districtOf` gives a subject's district.
 */
export function assignSerials(
  records: RecordColumns,
  plans: readonly CategoryPlan[],
  order: Uint32Array,
  districtOf: (subject: number) => number,
): void {
  const districtSpan = BEIJING_DISTRICTS.length + 1;
  const yearSpan = 256;
  const agencySpan = Math.max(1, ...plans.map((p) => p.agencyIndex + 1));
  const serials = new Uint32Array(agencySpan * districtSpan * yearSpan);
  for (let k = 0; k < order.length; k += 1) {
    const i = order[k] ?? 0;
    if (i >= records.count) continue;
    const agency = plans[records.category[i] ?? 0]?.agencyIndex ?? 0;
    const district = districtOf(records.subject[i] ?? 0);
    const counter = (agency * districtSpan + district) * yearSpan + (records.yearOffset[i] ?? 0);
    const serial = (serials[counter] ?? 0) + 1;
    serials[counter] = serial;
    records.serial[i] = serial;
  }
}
