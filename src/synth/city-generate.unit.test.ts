import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCatalog, validateRecordFields, type Catalog } from '../core/catalog/index.js';
import { checkIdentifier, hasValidOrganizationCode } from '../core/identifiers/index.js';
import { adultFrom } from '../core/subjects/adulthood.js';
import { instant, type Instant } from '../core/time/instant.js';
import { generateCity, type SyntheticCity, type SyntheticRecord } from './city-generate.js';
import { isFulfillable } from './record-fields.js';

const NOW = instant(Date.UTC(2026, 2, 1, 9, 30));
const YEAR_MS = 365.2425 * 86_400_000;

function referenceCatalog(): Catalog {
  const parsed = parseCatalog(readFileSync('policies/catalog.yaml', 'utf8'));
  if (!parsed.ok)
    throw new Error(`reference catalogue invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.catalog;
}

// The proportions of workload S (100 000 persons, 10 000 organisations), at a twentieth.
const SMALL = { persons: 5_000, organizations: 500, years: 5, seed: 7, now: NOW } as const;

function allRecords(city: SyntheticCity): SyntheticRecord[] {
  return Array.from({ length: city.recordCount }, (_, i) => city.record(i));
}

describe('generateCity', () => {
  let catalog: Catalog;
  let city: SyntheticCity;
  let records: SyntheticRecord[];

  beforeAll(() => {
    catalog = referenceCatalog();
    city = generateCity(catalog, SMALL);
    records = allRecords(city);
  });

  it('gives the same city for the same seed and another city for another seed', () => {
    const again = generateCity(catalog, SMALL);
    expect(again.persons.keys).toEqual(city.persons.keys);
    expect(again.organizations.names).toEqual(city.organizations.names);
    expect(allRecords(again)).toEqual(records);
    expect(Array.from(again.ledgerOrder())).toEqual(Array.from(city.ledgerOrder()));
    const fulfilments = (c: SyntheticCity) =>
      Array.from({ length: c.fulfilmentCount }, (_, i) => c.fulfilment(i));
    expect(fulfilments(again)).toEqual(fulfilments(city));

    const other = generateCity(catalog, { ...SMALL, seed: 8 });
    expect(other.persons.keys).not.toEqual(city.persons.keys);
    expect(other.organizations.keys).not.toEqual(city.organizations.keys);
    expect(other.recordCount).not.toBe(city.recordCount);
  });

  it('gives every subject a valid, unique identifier of its kind, with the sex of its sequence', () => {
    const keys = new Set<string>();
    for (let i = 0; i < city.subjectCount; i += 1) {
      const subject = city.subject(i);
      const check = checkIdentifier(subject.key, NOW);
      expect(check.valid, subject.key).toBe(true);
      if (!check.valid) continue;
      expect(check.kind).toBe(subject.kind);
      if (check.kind === 'person') {
        expect(check.birthDate).toBe(subject.birthDate);
        expect(check.sex === 'male' ? 1 : 0).toBe(city.persons.male[i]);
      } else {
        expect(subject.key.slice(0, 2)).toMatch(/^9[123]$/);
        expect(hasValidOrganizationCode(subject.key)).toBe(true);
      }
      expect(subject.name.length).toBeGreaterThan(3);
      keys.add(subject.key);
    }
    expect(keys.size).toBe(city.subjectCount);
  });

  it('keeps residents unique even when many share a district and a birth date', () => {
    // Ten thousand people born within days of each other in one place would collide at once if
    // sequences were drawn at random; the counter per (district, date, sex) prevents it.
    const dense = generateCity(catalog, { ...SMALL, persons: 20_000, organizations: 0, years: 1 });
    expect(new Set(dense.persons.keys).size).toBe(20_000);
  });

  it('draws a Beijing-like age pyramid and district mix', () => {
    const ages = Array.from(city.persons.birthDates, (b) => (NOW - b) / YEAR_MS);
    const share = (from: number, to: number) =>
      ages.filter((a) => a >= from && a < to).length / ages.length;
    expect(share(0, 18)).toBeGreaterThan(0.12);
    expect(share(0, 18)).toBeLessThan(0.18);
    expect(share(30, 45)).toBeGreaterThan(share(15, 30));
    expect(share(70, 200)).toBeLessThan(share(55, 70));
    expect(share(90, 200)).toBeGreaterThan(0);
    expect(Math.max(...ages)).toBeLessThan(110);

    const byDistrict = new Map<number, number>();
    for (const d of city.persons.districts) byDistrict.set(d, (byDistrict.get(d) ?? 0) + 1);
    const largestTwo = [...byDistrict]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map(([d]) => d);
    // BEIJING_DISTRICTS order: Chaoyang is index 2, Haidian index 5.
    expect(largestTwo.sort()).toEqual([2, 5]);
  });

  it('never records anything about a minor (charter C4)', () => {
    const personRecords = records.filter((r) => r.subjectKind === 'person');
    const aboutMinors = personRecords.filter((r) => {
      const birth = checkIdentifier(r.subject, NOW);
      if (!birth.valid || birth.kind !== 'person') return true;
      return r.occurredAt < adultFrom(birth.birthDate);
    });
    expect(personRecords.length).toBeGreaterThan(0);
    expect(aboutMinors).toEqual([]);
  });

  it('only makes records the catalogue allows: subject kind, submitting agency kind, fields', () => {
    const problems: string[] = [];
    for (const r of records) {
      const category = catalog.byId.get(r.category);
      if (!category) {
        problems.push(`${r.category}: not in the catalogue`);
        continue;
      }
      if (!category.subjects.includes(r.subjectKind))
        problems.push(`${r.category}: about a ${r.subjectKind}`);
      if (category.submitters[0] !== r.agencyId) problems.push(`${r.category}: from ${r.agencyId}`);
      const fields = validateRecordFields(category, r.fields);
      if (!fields.ok)
        problems.push(
          `${r.category} ${JSON.stringify(r.fields)}: ${JSON.stringify(fields.problems)}`,
        );
    }
    expect(problems).toEqual([]);
    // Every category the catalogue allows for someone turns up in a city this size, except the
    // rarest (the transport bans, a few per hundred thousand adults a year).
    const seen = new Set(records.map((r) => r.category));
    const missing = catalog.categories.map((c) => c.id).filter((id) => !seen.has(id));
    expect(missing.filter((id) => !/aviation|rail-safety/.test(id))).toEqual([]);
  });

  it('records conduct within the history, accepted after it happened and not after now', () => {
    const outOfTime = records.filter(
      (r) =>
        r.occurredAt < city.start ||
        r.recordedAt < r.occurredAt ||
        r.recordedAt > NOW ||
        r.recordedAt - r.occurredAt > 21 * 86_400_000,
    );
    expect(outOfTime).toEqual([]);
  });

  it('gives every record a source reference unique for its agency', () => {
    const refs = new Set(records.map((r) => `${r.agencyId} ${r.sourceRef}`));
    expect(refs.size).toBe(records.length);
    const court = records.find((r) => r.agencyId === 'court');
    expect(court?.sourceRef).toMatch(/^\(20\d\d\)京01(\d\d)?执\d+号$/);
    expect(court?.fields.caseNumber).toBe(court?.sourceRef);
  });

  it('marks some debts paid, after they were recorded and not after now, and only debts', () => {
    expect(city.fulfilmentCount).toBeGreaterThan(0);
    for (let i = 0; i < city.fulfilmentCount; i += 1) {
      const f = city.fulfilment(i);
      const r = records[f.record]!;
      expect(f.subject).toBe(r.subject);
      expect(f.agencyId).toBe(r.agencyId);
      expect(isFulfillable(catalog.byId.get(r.category)!)).toBe(true);
      expect(f.at).toBeGreaterThan(r.recordedAt);
      expect(f.recordedAt).toBeGreaterThanOrEqual(f.at);
      expect(f.recordedAt).toBeLessThanOrEqual(NOW);
    }
    const debts = records.filter((r) => isFulfillable(catalog.byId.get(r.category)!)).length;
    expect(city.fulfilmentCount / debts).toBeGreaterThan(0.25);
    expect(city.fulfilmentCount / debts).toBeLessThan(0.55);
  });

  it('orders records and events as a ledger would: by recordedAt, each event after its record', () => {
    const order = city.ledgerOrder();
    expect(order.length).toBe(city.recordCount + city.fulfilmentCount);
    const position = new Int32Array(city.recordCount);
    let last = -Infinity;
    order.forEach((item, k) => {
      const t: Instant =
        item < city.recordCount
          ? records[item]!.recordedAt
          : city.fulfilment(item - city.recordCount).recordedAt;
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
      if (item < city.recordCount) position[item] = k;
      else expect(position[city.fulfilment(item - city.recordCount).record]).toBeLessThan(k);
    });
  });

  it('has the record volume of workload S per subject, with most people free of adverse records', () => {
    // Workload S: about 500 000 records for 110 000 subjects over 5 years, 4.5 per subject.
    const perSubject = city.recordCount / city.subjectCount;
    expect(perSubject).toBeGreaterThan(4.0);
    expect(perSubject).toBeLessThan(5.0);

    const adults = Array.from(city.persons.birthDates).filter(
      (b) => adultFrom(instant(b)) <= NOW,
    ).length;
    const withAdverse = new Set(
      records
        .filter(
          (r) => r.subjectKind === 'person' && catalog.byId.get(r.category)?.polarity === 'adverse',
        )
        .map((r) => r.subject),
    );
    expect(withAdverse.size / adults).toBeLessThan(0.5);
    const debtors = new Set(
      records
        .filter((r) => r.category === 'court.dishonest-debtor' && r.subjectKind === 'person')
        .map((r) => r.subject),
    );
    expect(debtors.size / adults).toBeGreaterThan(0.003);
    expect(debtors.size / adults).toBeLessThan(0.02);
  });

  it('scales the record count with the number of subjects', () => {
    const double = generateCity(catalog, {
      ...SMALL,
      persons: 10_000,
      organizations: 1_000,
      seed: 11,
    });
    const ratio = double.recordCount / city.recordCount;
    expect(ratio).toBeGreaterThan(1.85);
    expect(ratio).toBeLessThan(2.15);
  });

  it('refuses options that cannot make a city', () => {
    expect(() => generateCity(catalog, { ...SMALL, persons: -1 })).toThrow(/persons/);
    expect(() => generateCity(catalog, { ...SMALL, years: 0 })).toThrow(/years/);
  });
});
