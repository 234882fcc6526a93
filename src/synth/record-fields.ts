// What a synthetic record says: its source reference (the agency's own number for it, unique per
// agency) and its catalogue fields, filled from the category's FieldSpecs with plausible values.
// Fields are derived from a 32-bit seed kept per record, so millions of records need no field
// objects in memory until they are written.
import type { Category, FieldSpec } from '../core/catalog/index.js';
import type { FieldValue, RecordFields, SubjectKind } from '../core/ledger/ledger-types.js';
import { hashUnit } from './random.js';

/** What a record's references are made from: where and when, and the agency's running number. */
export interface ReferenceParts {
  /** Index into BEIJING_DISTRICTS, or the number of districts for municipal bodies. */
  readonly district: number;
  readonly year: number;
  readonly serial: number;
}

// One character per district, in BEIJING_DISTRICTS order, as used in decision numbers.
const DISTRICT_ABBREVIATIONS = '东西朝丰石海门房通顺昌大怀平密延';
const DISTRICT_SUFFIXES = [
  '01',
  '02',
  '05',
  '06',
  '07',
  '08',
  '09',
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
];

/**
 * The agency's number for a record, in the style of its kind: an enforcement case number for
 * courts ("(2024)京0105执1234号", the district court; "京01" is the First Intermediate Court for
 * municipal bodies), a penalty decision number for the police and tax bureaus, a plain reference
 * for the others. Unique per agency as long as (district, year, serial) is.
 */
export function sourceReference(agencyKind: string, parts: ReferenceParts): string {
  const { district, year, serial } = parts;
  const suffix = DISTRICT_SUFFIXES[district];
  const abbreviation = DISTRICT_ABBREVIATIONS.charAt(district);
  switch (agencyKind) {
    case 'court':
      return `(${year})京01${suffix ?? ''}执${serial}号`;
    case 'police':
      return suffix === undefined
        ? `京公行罚决字〔${year}〕${serial}号`
        : `京公(${abbreviation})行罚决字〔${year}〕${serial}号`;
    case 'tax':
      return `京税${suffix === undefined ? '' : abbreviation}罚〔${year}〕${serial}号`;
    default: {
      const region = suffix === undefined ? '1100' : `11${suffix}`;
      return `${agencyKind.toUpperCase()}-${region}00-${year}-${String(serial).padStart(6, '0')}`;
    }
  }
}

/** What a field value may depend on besides its own random draw. */
export interface FieldContext {
  /** The record's source reference (case and decision numbers repeat it). */
  readonly reference: string;
  /** The calendar year of the conduct. */
  readonly year: number;
}

type FieldDraw = (u: number, context: FieldContext) => FieldValue;

/** Fills a category's fields for one record from the record's field seed. */
export type FieldPlan = (fieldSeed: number, context: FieldContext) => RecordFields;

/** Money ranges in yuan, by what kind of debt or fine a category records. */
function amountRangeYuan(category: Category, kind: SubjectKind): readonly [number, number] {
  const org = kind === 'organization';
  if (/wage/.test(category.id)) return [20_000, 2_000_000];
  if (/fare/.test(category.id)) return [10, 1_500];
  switch (category.dataClass) {
    case 'judicial':
      return org ? [20_000, 20_000_000] : [5_000, 2_000_000];
    case 'tax':
      return org ? [5_000, 5_000_000] : [500, 200_000];
    case 'utility':
      return org ? [2_000, 300_000] : [80, 6_000];
    case 'commercial-contract':
    case 'financial-contract':
      return org ? [10_000, 2_000_000] : [300, 80_000];
    case 'administrative-penalty':
    case 'transport-safety':
    case 'regulatory-compliance':
      return org ? [5_000, 1_000_000] : [200, 5_000];
    case 'registration':
    case 'civic-commendation':
      return org ? [1_000, 1_000_000] : [100, 100_000];
    default: {
      const unknown: never = category.dataClass;
      throw new Error(`no amount range for data class ${String(unknown)}`);
    }
  }
}

function clampToSpec(value: number, spec: FieldSpec): number {
  let v = value;
  if (spec.min !== undefined && v < spec.min) v = spec.min;
  if (spec.max !== undefined && v > spec.max) v = spec.max;
  return v;
}

function integerDraw(
  name: string,
  spec: FieldSpec,
  category: Category,
  kind: SubjectKind,
): FieldDraw {
  if (/amount|sum|arrears|fine|debt/i.test(name)) {
    const [lo, hi] = amountRangeYuan(category, kind);
    const ratio = Math.log(hi / lo);
    // Utility bills keep their fen; decisions and judgments are in whole yuan.
    const unit = category.dataClass === 'utility' ? 1 : 100;
    return (u) => clampToSpec(Math.round((lo * Math.exp(u * ratio) * 100) / unit) * unit, spec);
  }
  // Volunteer hours: a record certifies the service of a period (the volunteer service record
  // system certifies hours served, not each outing), from 2 to 200 hours, log-uniform (median
  // 20), so most records are worth whole points under a rule such as `hours / 10`.
  if (/hour/i.test(name)) {
    return (u) => clampToSpec(Math.round(2 * Math.exp(u * Math.log(100))), spec);
  }
  // An evaluation or tax year: the year before the record, as ratings are published the year after.
  if (/year/i.test(name)) return (_u, context) => clampToSpec(context.year - 1, spec);
  if (/workers|persons|people|count/i.test(name)) {
    return (u) => clampToSpec(Math.max(1, Math.round(Math.exp(u * Math.log(200)))), spec);
  }
  const lo = spec.min ?? 1;
  const hi = spec.max ?? Math.max(lo, 100);
  return (u) => lo + Math.floor(u * (hi - lo + 1));
}

function stringDraw(name: string, spec: FieldSpec, category: Category): FieldDraw {
  const choices = spec.enum;
  if (choices !== undefined && choices.length > 0) {
    // Earlier values are more common (weights 1, 1/2, 1/3...), as offence lists usually run from
    // the everyday to the exceptional; honour levels run the other way (national ones are rare).
    const rising = /level/i.test(name);
    const cumulative: number[] = [];
    let total = 0;
    choices.forEach((_, i) => {
      total += 1 / (rising ? choices.length - i : i + 1);
      cumulative.push(total);
    });
    return (u) => {
      const target = u * total;
      const index = cumulative.findIndex((c) => c > target);
      return choices[index === -1 ? choices.length - 1 : index] ?? '';
    };
  }
  const fit = (text: string): string =>
    spec.maxLength !== undefined ? text.slice(0, spec.maxLength) : text;
  if (/case|decision|document|reference|number|no$/i.test(name)) {
    return (_u, context) => fit(context.reference);
  }
  return (u) => fit(`${category.label} ${1 + Math.floor(u * 9999)}`);
}

function fieldDraw(
  name: string,
  spec: FieldSpec,
  category: Category,
  kind: SubjectKind,
): FieldDraw {
  switch (spec.type) {
    case 'integer':
      return integerDraw(name, spec, category, kind);
    case 'string':
      return stringDraw(name, spec, category);
    case 'boolean':
      return (u) => u < 0.5;
    default: {
      const unknown: never = spec.type;
      throw new Error(`unknown field type ${String(unknown)}`);
    }
  }
}

/** Share of optional fields that a record fills in. */
const OPTIONAL_FIELD_SHARE = 0.6;

export function compileFieldPlan(category: Category, kind: SubjectKind): FieldPlan {
  const draws = Object.entries(category.fields).map(([name, spec]) => ({
    name,
    required: spec.required,
    draw: fieldDraw(name, spec, category, kind),
  }));
  return (fieldSeed, context) => {
    const fields: Record<string, FieldValue> = {};
    for (let k = 0; k < draws.length; k += 1) {
      const field = draws[k];
      if (field === undefined) continue;
      if (!field.required && hashUnit(fieldSeed, 2 * k + 1) >= OPTIONAL_FIELD_SHARE) continue;
      fields[field.name] = field.draw(hashUnit(fieldSeed, 2 * k), context);
    }
    return fields;
  };
}

/**
 * Whether a record of this category can later be fulfilled: an adverse one that carries a debt or
 * fine in a required amount field, or that the catalogue says ends when fulfilled.
 */
export function isFulfillable(category: Category): boolean {
  if (category.polarity !== 'adverse') return false;
  if (category.effect.endsWhenFulfilled) return true;
  return Object.entries(category.fields).some(
    ([name, spec]) =>
      spec.type === 'integer' && spec.required && /amount|fine|arrears|debt/i.test(name),
  );
}
