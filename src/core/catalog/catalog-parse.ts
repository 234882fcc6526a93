// Reads a catalogue document (policy.md, "Catalogue") into a Catalog with every default applied,
// or reports every problem at once, each with a path such as `categories[3].fields.amount.type`.
// The walker is hand-written over the `yaml` output so that each message can name the charter
// rule it enforces: the catalogue is closed (C1), forbidden data classes are refused by name
// (C2), and no category may last or stay unrepairable longer than its tier allows (C7).
import type { Problem } from '../errors/domain-error.js';
import type { SubjectKind } from '../ledger/ledger-types.js';
import { addDuration, tryParseDuration, type Duration } from '../time/duration.js';
import { instant, MS_PER_DAY } from '../time/instant.js';
import {
  FIELD_TYPES,
  POLARITIES,
  SUBJECT_KINDS,
  TIERS,
  type Catalog,
  type Category,
  type FieldSpec,
  type FieldType,
  type Polarity,
  type Tier,
} from './catalog-types.js';
import {
  DATA_CLASSES,
  forbiddenDataClassRule,
  isDataClass,
  type DataClass,
} from './data-classes.js';
import {
  DEFAULT_ENDS_WHEN_FULFILLED,
  DEFAULT_OBJECTION_DEADLINE,
  FAVOURABLE_MAX_DURATION,
  TIER_DEFAULTS,
} from './tier-defaults.js';
import { isObject, type Obj } from '../documents/plain-object.js';
import { DocumentProblems } from '../documents/document-problems.js';
import { get, join, show } from '../documents/yaml-values.js';
import { checkCatalogContent } from './catalog-content.js';
import { parseLabels } from './labels.js';
import { parsePattern } from './field-pattern.js';

/** Stable problem codes of `parseCatalog`; scripts and tests rely on them. */
export const CATALOG_PROBLEM_CODES = [
  /** The text is not well-formed YAML (path '', the line and column in the message). */
  'CatalogYamlSyntax',
  /** Something that must be a mapping is not: the document, a category, a field spec, an effect. */
  'CatalogNotAnObject',
  /** A required key is absent: `categories`, or a category's label, dataClass, polarity, subjects, submitters, or a field's type. */
  'CatalogMissingField',
  /** A value of the wrong type or outside its allowed set (polarity, tier, subjects, field constraints, effect ceilings). */
  'CatalogInvalidValue',
  /** A category id that does not match `[a-z0-9-]+(\.[a-z0-9-]+)+`. */
  'CatalogInvalidId',
  /** Two categories with the same id (reported on the later one). */
  'CatalogDuplicateId',
  /** A data class charter C2 forbids (political opinion, religion, health, location...). */
  'CatalogForbiddenDataClass',
  /** A data class that is neither allowed nor forbidden by name. */
  'CatalogUnknownDataClass',
  /** A category without a non-empty legal basis (charter C1). */
  'CatalogMissingLegalBasis',
  /** A duration that is not a (positive, where required) ISO 8601 duration such as P1Y or P180D. */
  'CatalogInvalidDuration',
  /** An adverse category without a tier. */
  'CatalogTierRequired',
  /** A key the format does not define: the catalogue is closed, so typos are errors, not ignored. */
  'CatalogUnknownKey',
  /** An empty document or an empty `categories` list. */
  'CatalogEmpty',
  /** An id, label, description, field name or enum value naming a class charter C2 forbids (catalog-content.ts). */
  'CatalogForbiddenContent',
  /** A text field without an enum, a pattern or a maxLength of at most 128 (catalog-content.ts). */
  'CatalogUnboundedText',
] as const;

export type CatalogProblemCode = (typeof CATALOG_PROBLEM_CODES)[number];

export type CatalogParseResult =
  | { readonly ok: true; readonly catalog: Catalog }
  | { readonly ok: false; readonly problems: Problem[] };

const ID_PATTERN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;
/** Field names are CEL variables in policy rules: identifiers, not reserved, not `category`/`tier`. */
const FIELD_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set([
  'category',
  'tier',
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
  'int',
  'uint',
  'double',
  'bool',
  'string',
  'bytes',
  'list',
  'map',
  'type',
  'dyn',
  'null_type',
]);

const TOP_KEYS = ['categories'] as const;
const CATEGORY_KEYS = [
  'id',
  'label',
  'labels',
  'dataClass',
  'polarity',
  'tier',
  'legalBasis',
  'subjects',
  'submitters',
  'fields',
  'effect',
  'objectionDeadline',
  'description',
] as const;
const FIELD_KEYS = [
  'type',
  'required',
  'min',
  'max',
  'maxLength',
  'enum',
  'pattern',
  'description',
] as const;
const EFFECT_KEYS = ['maxDuration', 'endsWhenFulfilled', 'repairAfter'] as const;

function oneOf(values: readonly string[]): string {
  return values.join(', ');
}

type Problems = DocumentProblems<CatalogProblemCode>;

export interface CatalogParseOptions {
  /**
   * The text was admitted earlier and is read back from the ledger: the admission rules of
   * catalog-content.ts (C2 vocabulary, bounded text, cited legal basis) are not applied again, so
   * a store keeps reading the catalogue it was made with after those rules grow.
   */
  readonly stored?: boolean;
}

/**
 * Parses a catalogue document, applying tier defaults; every problem is reported together. A
 * catalogue being admitted (the default) must also pass catalog-content.ts.
 */
export function parseCatalog(
  yamlText: string,
  options: CatalogParseOptions = {},
): CatalogParseResult {
  const problems: Problems = new DocumentProblems<CatalogProblemCode>({
    document: 'catalogue',
    syntaxCode: 'CatalogYamlSyntax',
    unknownKeyCode: 'CatalogUnknownKey',
  });
  const read = problems.readYaml(yamlText);
  if (read === undefined) return { ok: false, problems: problems.list };
  const root = read.value;

  if (root === null || root === undefined) {
    problems.add('', 'CatalogEmpty', 'the catalogue is empty: it needs a `categories` list');
    return { ok: false, problems: problems.list };
  }
  if (!isObject(root)) {
    problems.add(
      '',
      'CatalogNotAnObject',
      'the catalogue must be a mapping with a `categories` list',
    );
    return { ok: false, problems: problems.list };
  }
  problems.unknownKeys(root, TOP_KEYS, '', 'the catalogue');

  const rawCategories = get(root, 'categories');
  const categories: Category[] = [];
  if (rawCategories === undefined) {
    problems.add('categories', 'CatalogMissingField', 'the catalogue needs a `categories` list');
  } else if (!Array.isArray(rawCategories)) {
    problems.add('categories', 'CatalogInvalidValue', '`categories` must be a list of categories');
  } else if (rawCategories.length === 0) {
    problems.add(
      'categories',
      'CatalogEmpty',
      'the catalogue has no categories: nothing could be recorded',
    );
  } else {
    const firstIndexOfId = new Map<string, number>();
    rawCategories.forEach((raw: unknown, index) => {
      const path = `categories[${index}]`;
      const category = parseCategory(raw, path, problems);
      const id = isObject(raw) ? get(raw, 'id') : undefined;
      if (typeof id === 'string') {
        const first = firstIndexOfId.get(id);
        if (first === undefined) firstIndexOfId.set(id, index);
        else {
          problems.add(
            `${path}.id`,
            'CatalogDuplicateId',
            `category id "${id}" is already used by categories[${first}]`,
          );
        }
      }
      if (category) categories.push(category);
    });
  }
  if (options.stored !== true) {
    checkCatalogContent(root, (path, code, message) => problems.add(path, code, message));
  }

  if (problems.count > 0) return { ok: false, problems: problems.list };
  return { ok: true, catalog: { categories, byId: new Map(categories.map((c) => [c.id, c])) } };
}

function parseCategory(raw: unknown, path: string, problems: Problems): Category | undefined {
  if (!isObject(raw)) {
    problems.add(
      path,
      'CatalogNotAnObject',
      'a category must be a mapping (id, label, dataClass, polarity, ...)',
    );
    return undefined;
  }
  const before = problems.count;
  problems.unknownKeys(raw, CATEGORY_KEYS, path, 'a category');

  const id = parseId(get(raw, 'id'), `${path}.id`, problems);
  const label = requiredText(raw, 'label', path, problems);
  const labels = parseLabels(get(raw, 'labels'), join(path, 'labels'), (at, message) =>
    problems.add(at, 'CatalogInvalidValue', message),
  );
  const dataClass = parseDataClass(get(raw, 'dataClass'), `${path}.dataClass`, problems);
  const polarity = parseEnum(raw, 'polarity', POLARITIES, path, problems);
  const tier = parseTier(get(raw, 'tier'), polarity, `${path}.tier`, problems);
  const legalBasis = parseLegalBasis(get(raw, 'legalBasis'), `${path}.legalBasis`, problems);
  const subjects = parseList(raw, 'subjects', path, problems, (value, itemPath) => {
    if (typeof value === 'string' && (SUBJECT_KINDS as readonly string[]).includes(value)) {
      return value as SubjectKind;
    }
    problems.add(
      itemPath,
      'CatalogInvalidValue',
      `${show(value)} is not a subject kind (${oneOf(SUBJECT_KINDS)})`,
    );
    return undefined;
  });
  const submitters = parseList(raw, 'submitters', path, problems, (value, itemPath) => {
    if (typeof value === 'string' && value.trim() !== '' && value.trim() === value) return value;
    problems.add(
      itemPath,
      'CatalogInvalidValue',
      `${show(value)} is not an agency kind (a non-empty word such as court or tax)`,
    );
    return undefined;
  });
  const fields = parseFields(get(raw, 'fields'), `${path}.fields`, problems);
  const effect = parseEffect(get(raw, 'effect'), polarity, tier, `${path}.effect`, problems);
  optionalText(get(raw, 'description'), join(path, 'description'), problems);
  const objectionDeadline =
    parseDuration(get(raw, 'objectionDeadline'), `${path}.objectionDeadline`, problems, {
      positive: true,
    }) ?? DEFAULT_OBJECTION_DEADLINE;

  if (
    problems.count > before ||
    id === undefined ||
    label === undefined ||
    dataClass === undefined ||
    polarity === undefined ||
    legalBasis === undefined ||
    subjects === undefined ||
    submitters === undefined ||
    fields === undefined ||
    effect === undefined
  ) {
    return undefined;
  }
  return {
    id,
    label,
    ...(labels === undefined ? {} : { labels }),
    dataClass,
    polarity,
    tier,
    legalBasis,
    subjects,
    submitters,
    fields,
    effect,
    objectionDeadline,
  };
}

function parseId(value: unknown, path: string, problems: Problems): string | undefined {
  if (value === undefined) {
    problems.add(
      path,
      'CatalogMissingField',
      'a category needs an id such as court.dishonest-debtor',
    );
    return undefined;
  }
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    problems.add(
      path,
      'CatalogInvalidId',
      `${show(value)} is not a category id: use dotted lower-case words such as court.dishonest-debtor ([a-z0-9-]+(\\.[a-z0-9-]+)+)`,
    );
    return undefined;
  }
  return value;
}

function requiredText(obj: Obj, key: string, path: string, problems: Problems): string | undefined {
  const value = get(obj, key);
  if (value === undefined) {
    problems.add(join(path, key), 'CatalogMissingField', `a category needs a ${key}`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(join(path, key), 'CatalogInvalidValue', `${key} must be non-empty text`);
    return undefined;
  }
  return value;
}

/** A description (category or field): optional documentation, text when present. */
function optionalText(value: unknown, path: string, problems: Problems): void {
  if (value === undefined || (typeof value === 'string' && value.trim() !== '')) return;
  problems.add(path, 'CatalogInvalidValue', 'a description must be non-empty text');
}

function parseDataClass(value: unknown, path: string, problems: Problems): DataClass | undefined {
  if (value === undefined) {
    problems.add(
      path,
      'CatalogMissingField',
      `a category needs a dataClass (${oneOf(DATA_CLASSES)})`,
    );
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.add(path, 'CatalogInvalidValue', `dataClass must be one of ${oneOf(DATA_CLASSES)}`);
    return undefined;
  }
  if (isDataClass(value)) return value;
  const rule = forbiddenDataClassRule(value);
  if (rule !== undefined) {
    problems.add(
      path,
      'CatalogForbiddenDataClass',
      `data class "${value}" is forbidden by charter C2: no category may use ${rule}`,
    );
  } else {
    problems.add(
      path,
      'CatalogUnknownDataClass',
      `"${value}" is not a data class (${oneOf(DATA_CLASSES)})`,
    );
  }
  return undefined;
}

function parseEnum<T extends string>(
  obj: Obj,
  key: string,
  allowed: readonly T[],
  path: string,
  problems: Problems,
): T | undefined {
  const value = get(obj, key);
  if (value === undefined) {
    problems.add(
      join(path, key),
      'CatalogMissingField',
      `a category needs a ${key} (${oneOf(allowed)})`,
    );
    return undefined;
  }
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  problems.add(
    join(path, key),
    'CatalogInvalidValue',
    `${key} ${show(value)} must be one of ${oneOf(allowed)}`,
  );
  return undefined;
}

function parseTier(
  value: unknown,
  polarity: Polarity | undefined,
  path: string,
  problems: Problems,
): Tier | undefined {
  if (value === undefined) {
    if (polarity === 'adverse') {
      problems.add(
        path,
        'CatalogTierRequired',
        `an adverse category needs a tier (${oneOf(TIERS)}): it fixes how long the record lasts and when it can be repaired`,
      );
    }
    return undefined;
  }
  if (typeof value !== 'string' || !(TIERS as readonly string[]).includes(value)) {
    problems.add(path, 'CatalogInvalidValue', `tier ${show(value)} must be one of ${oneOf(TIERS)}`);
    return undefined;
  }
  if (polarity === 'favourable') {
    problems.add(
      path,
      'CatalogInvalidValue',
      'a favourable category has no tier: tiers grade adverse records only',
    );
    return undefined;
  }
  return value as Tier;
}

function parseLegalBasis(value: unknown, path: string, problems: Problems): string | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
    problems.add(
      path,
      'CatalogMissingLegalBasis',
      'every category must cite its legal basis, a citable text such as a law and its article (charter C1)',
    );
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.add(
      path,
      'CatalogInvalidValue',
      'legalBasis must be text citing a law, regulation or decision',
    );
    return undefined;
  }
  return value;
}

/** A required, non-empty list without duplicates, each item checked by `item`. */
function parseList<T>(
  obj: Obj,
  key: string,
  path: string,
  problems: Problems,
  item: (value: unknown, itemPath: string) => T | undefined,
): T[] | undefined {
  const listPath = join(path, key);
  const value = get(obj, key);
  if (value === undefined) {
    problems.add(listPath, 'CatalogMissingField', `a category needs ${key}`);
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(listPath, 'CatalogInvalidValue', `${key} must be a non-empty list`);
    return undefined;
  }
  const items: T[] = [];
  let ok = true;
  value.forEach((raw: unknown, index) => {
    const itemPath = `${listPath}[${index}]`;
    const parsed = item(raw, itemPath);
    if (parsed === undefined) ok = false;
    else if (items.includes(parsed)) {
      problems.add(itemPath, 'CatalogInvalidValue', `${show(parsed)} is listed twice in ${key}`);
      ok = false;
    } else items.push(parsed);
  });
  return ok ? items : undefined;
}

function parseFields(
  value: unknown,
  path: string,
  problems: Problems,
): Record<string, FieldSpec> | undefined {
  const fields: Record<string, FieldSpec> = {};
  if (value === undefined) return fields;
  if (!isObject(value)) {
    problems.add(
      path,
      'CatalogNotAnObject',
      'fields must be a mapping of field name to { type, required, ... }',
    );
    return undefined;
  }
  let ok = true;
  for (const [name, raw] of Object.entries(value)) {
    const fieldPath = `${path}.${name}`;
    if (!FIELD_NAME_PATTERN.test(name) || RESERVED_FIELD_NAMES.has(name)) {
      problems.add(
        fieldPath,
        'CatalogInvalidValue',
        `"${name}" cannot be a field name: policy rules use field names as variables, so use a word of letters, digits and _ starting with a letter, other than category, tier or a CEL keyword`,
      );
      ok = false;
      continue;
    }
    const spec = parseFieldSpec(raw, fieldPath, problems);
    if (spec) fields[name] = spec;
    else ok = false;
  }
  return ok ? fields : undefined;
}

function parseFieldSpec(raw: unknown, path: string, problems: Problems): FieldSpec | undefined {
  if (!isObject(raw)) {
    problems.add(
      path,
      'CatalogNotAnObject',
      'a field must be a mapping such as { type: integer, min: 0, required: true }',
    );
    return undefined;
  }
  const before = problems.count;
  problems.unknownKeys(raw, FIELD_KEYS, path, 'a field');

  const rawType = get(raw, 'type');
  let type: FieldType | undefined;
  if (rawType === undefined) {
    problems.add(
      `${path}.type`,
      'CatalogMissingField',
      `a field needs a type (${oneOf(FIELD_TYPES)})`,
    );
  } else if (typeof rawType === 'string' && (FIELD_TYPES as readonly string[]).includes(rawType)) {
    type = rawType as FieldType;
  } else {
    problems.add(
      `${path}.type`,
      'CatalogInvalidValue',
      `type ${show(rawType)} must be one of ${oneOf(FIELD_TYPES)}`,
    );
  }

  const rawRequired = get(raw, 'required');
  if (rawRequired !== undefined && typeof rawRequired !== 'boolean') {
    problems.add(`${path}.required`, 'CatalogInvalidValue', 'required must be true or false');
  }
  const onlyFor = (key: string, forType: FieldType): boolean => {
    if (get(raw, key) === undefined || type === undefined || type === forType) return true;
    problems.add(
      `${path}.${key}`,
      'CatalogInvalidValue',
      `${key} applies only to ${forType} fields, not ${type}`,
    );
    return false;
  };
  const integerAt = (key: string, least: number): number | undefined => {
    const value = get(raw, key);
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= least) return value;
    problems.add(
      `${path}.${key}`,
      'CatalogInvalidValue',
      `${key} must be a whole number${least > Number.MIN_SAFE_INTEGER ? ` of at least ${least}` : ''} (got ${show(value)})`,
    );
    return undefined;
  };

  const min = onlyFor('min', 'integer') ? integerAt('min', Number.MIN_SAFE_INTEGER) : undefined;
  const max = onlyFor('max', 'integer') ? integerAt('max', Number.MIN_SAFE_INTEGER) : undefined;
  if (min !== undefined && max !== undefined && min > max) {
    problems.add(`${path}.max`, 'CatalogInvalidValue', `max (${max}) is below min (${min})`);
  }
  const maxLength = onlyFor('maxLength', 'string') ? integerAt('maxLength', 1) : undefined;
  let enumValues: string[] | undefined;
  const rawEnum = get(raw, 'enum');
  if (rawEnum !== undefined && onlyFor('enum', 'string')) {
    if (
      !Array.isArray(rawEnum) ||
      rawEnum.length === 0 ||
      !rawEnum.every((v): v is string => typeof v === 'string' && v.trim() !== '') ||
      new Set(rawEnum).size !== rawEnum.length
    ) {
      problems.add(
        `${path}.enum`,
        'CatalogInvalidValue',
        'enum must be a non-empty list of distinct, non-empty strings',
      );
    } else {
      enumValues = rawEnum;
    }
  }

  const pattern = onlyFor('pattern', 'string')
    ? parsePattern(get(raw, 'pattern'), `${path}.pattern`, problems)
    : undefined;
  optionalText(get(raw, 'description'), `${path}.description`, problems);

  if (problems.count > before || type === undefined) return undefined;
  return {
    type,
    required: rawRequired === true,
    ...(pattern !== undefined ? { pattern } : {}),
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    ...(maxLength !== undefined ? { maxLength } : {}),
    ...(enumValues !== undefined ? { enum: enumValues } : {}),
  };
}

function parseDuration(
  value: unknown,
  path: string,
  problems: Problems,
  options: { readonly positive: boolean },
): Duration | undefined {
  if (value === undefined) return undefined;
  const parsed = typeof value === 'string' ? tryParseDuration(value) : undefined;
  if (!parsed) {
    problems.add(
      path,
      'CatalogInvalidDuration',
      `${show(value)} is not an ISO 8601 duration such as P15D, P6M or P1Y`,
    );
    return undefined;
  }
  if (options.positive && isZero(parsed)) {
    problems.add(
      path,
      'CatalogInvalidDuration',
      `${parsed.text} is zero: this duration must be longer than zero`,
    );
    return undefined;
  }
  return parsed;
}

const UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

function isZero(d: Duration): boolean {
  return UNITS.every((unit) => d[unit] === 0);
}

/**
 * Whether `a` added to some instant can end later than `b` added to the same instant. Calendar
 * durations have no total order (P1M is 28 to 31 days), so a mixed pair is tried from every day
 * of a four-year leap cycle; the month-end clamping of `addDuration` is covered that way.
 */
function mayExceed(a: Duration, b: Duration): boolean {
  if (UNITS.every((unit) => a[unit] <= b[unit])) return false;
  if (longestSeconds(a) <= shortestSeconds(b)) return false;
  const start = Date.UTC(2024, 0, 1);
  for (let day = 0; day < 1461; day++) {
    const at = instant(start + day * MS_PER_DAY);
    if (addDuration(at, a) > addDuration(at, b)) return true;
  }
  return false;
}

function clockSeconds(d: Duration): number {
  return ((d.weeks * 7 + d.days) * 24 + d.hours) * 3_600 + d.minutes * 60 + d.seconds;
}

function longestSeconds(d: Duration): number {
  return (d.years * 366 + d.months * 31) * 86_400 + clockSeconds(d);
}

function shortestSeconds(d: Duration): number {
  return (d.years * 365 + d.months * 28) * 86_400 + clockSeconds(d);
}

function parseEffect(
  value: unknown,
  polarity: Polarity | undefined,
  tier: Tier | undefined,
  path: string,
  problems: Problems,
): Category['effect'] | undefined {
  const raw: Obj = value === undefined ? {} : isObject(value) ? value : {};
  if (value !== undefined && !isObject(value)) {
    problems.add(
      path,
      'CatalogNotAnObject',
      'effect must be a mapping (maxDuration, endsWhenFulfilled, repairAfter)',
    );
    return undefined;
  }
  const before = problems.count;
  problems.unknownKeys(raw, EFFECT_KEYS, path, 'an effect');

  const maxDuration = parseDuration(get(raw, 'maxDuration'), `${path}.maxDuration`, problems, {
    positive: true,
  });
  const repairAfter = parseDuration(get(raw, 'repairAfter'), `${path}.repairAfter`, problems, {
    positive: false,
  });
  const rawEnds = get(raw, 'endsWhenFulfilled');
  if (rawEnds !== undefined && typeof rawEnds !== 'boolean') {
    problems.add(
      `${path}.endsWhenFulfilled`,
      'CatalogInvalidValue',
      'endsWhenFulfilled must be true or false',
    );
  }
  const endsWhenFulfilled = typeof rawEnds === 'boolean' ? rawEnds : DEFAULT_ENDS_WHEN_FULFILLED;

  if (polarity === 'favourable' && repairAfter !== undefined) {
    problems.add(
      `${path}.repairAfter`,
      'CatalogInvalidValue',
      'a favourable record is never repaired: remove repairAfter',
    );
  }
  const defaults = tier === undefined ? undefined : TIER_DEFAULTS[tier];
  if (defaults && maxDuration && mayExceed(maxDuration, defaults.maxDuration)) {
    problems.add(
      `${path}.maxDuration`,
      'CatalogInvalidValue',
      `${maxDuration.text} is longer than the ${tier} tier allows (${defaults.maxDuration.text}): everything ends, and no category may outlast its tier (charter C7)`,
    );
  }
  if (defaults && repairAfter && mayExceed(repairAfter, defaults.repairAfter)) {
    problems.add(
      `${path}.repairAfter`,
      'CatalogInvalidValue',
      `${repairAfter.text} is later than the ${tier} tier allows (${defaults.repairAfter.text}): repair must be open after the tier's minimum period (charter C7)`,
    );
  }

  if (problems.count > before || polarity === undefined) return undefined;
  if (polarity === 'favourable') {
    return {
      maxDuration: maxDuration ?? FAVOURABLE_MAX_DURATION,
      endsWhenFulfilled,
      repairAfter: undefined,
    };
  }
  if (!defaults) return undefined;
  return {
    maxDuration: maxDuration ?? defaults.maxDuration,
    endsWhenFulfilled,
    repairAfter: repairAfter ?? defaults.repairAfter,
  };
}
