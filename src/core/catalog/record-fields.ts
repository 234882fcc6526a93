// Checks a submitted record's fields against its category: declared types, required fields,
// bounds, and nothing else. Unknown fields are refused rather than stored, because the catalogue
// is closed: a free extra field is how forbidden data (charter C2) would slip into a record.
// CSV cells arrive as text and are converted by the declared type; an empty cell is absent.
import { isObject } from '../documents/plain-object.js';
import type { Problem } from '../errors/domain-error.js';
import type { FieldValue, RecordFields } from '../ledger/ledger-types.js';
import { describeTextFlaw, describeValue, quoted, textFlaw } from '../text/storable-text.js';
import { FREE_TEXT_MAX_LENGTH } from './catalog-content.js';
import type { Category, FieldSpec } from './catalog-types.js';
import { matchesPattern } from './field-pattern.js';

/** Stable problem codes of `validateRecordFields`. */
export const RECORD_FIELD_PROBLEM_CODES = [
  /** A required field is absent (or empty). */
  'FieldMissing',
  /** A value of the wrong type: not a whole number, not true/false, not text; or `fields` is not an object. */
  'FieldType',
  /** A value outside its declared bounds: min, max, maxLength, pattern, or not one of the enum values. */
  'FieldRange',
  /** A field the category does not declare. */
  'FieldUnknown',
  /** Text that cannot be stored: a NUL or a lone surrogate (core/text/storable-text.ts). */
  'InvalidText',
] as const;

export type RecordFieldProblemCode = (typeof RECORD_FIELD_PROBLEM_CODES)[number];

/** Text fields without a declared maxLength are still bounded: records are not a place for essays. */
export const DEFAULT_MAX_STRING_LENGTH = 200;

export type RecordFieldsResult =
  | { readonly ok: true; readonly fields: RecordFields }
  | { readonly ok: false; readonly problems: Problem[] };

export interface RecordFieldsOptions {
  /** Values are text (CSV cells): "123" is an integer, "true"/"false" a boolean, "" absent. */
  readonly fromText?: boolean;
}

const INTEGER_TEXT = /^[+-]?\d+$/;

/** A value as a message quotes it: an excerpt of text, never a serialised object or array. */
const show = describeValue;

export function validateRecordFields(
  category: Category,
  fields: unknown,
  options: RecordFieldsOptions = {},
): RecordFieldsResult {
  const problems: Problem[] = [];
  const problem = (name: string, code: RecordFieldProblemCode, message: string): void => {
    problems.push({ path: name === '' ? 'fields' : `fields.${name}`, code, message });
  };
  const input = fields ?? {};
  if (!isObject(input)) {
    problem('', 'FieldType', 'fields must be an object of field name to value');
    return { ok: false, problems };
  }

  const declared = Object.keys(category.fields);
  for (const name of Object.keys(input)) {
    if (!Object.hasOwn(category.fields, name)) {
      problem(
        name,
        'FieldUnknown',
        `${quoted(name)} is not a field of ${category.id}; the catalogue is closed, so only its declared fields are recorded (${declared.length > 0 ? declared.join(', ') : 'it has none'})`,
      );
    }
  }

  const out: Record<string, FieldValue> = {};
  for (const [name, spec] of Object.entries(category.fields)) {
    const raw = Object.hasOwn(input, name) ? input[name] : undefined;
    const value = checkField(name, spec, raw, options.fromText === true, problem);
    if (value !== undefined) out[name] = value;
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, fields: out };
}

function checkField(
  name: string,
  spec: FieldSpec,
  raw: unknown,
  fromText: boolean,
  problem: (name: string, code: RecordFieldProblemCode, message: string) => void,
): FieldValue | undefined {
  const absent =
    raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
  if (absent) {
    if (spec.required) problem(name, 'FieldMissing', `${name} is required`);
    return undefined;
  }

  switch (spec.type) {
    case 'integer': {
      let n: unknown = raw;
      if (fromText && typeof raw === 'string' && INTEGER_TEXT.test(raw.trim()))
        n = Number(raw.trim());
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
        problem(name, 'FieldType', `${name} must be a whole number (got ${show(raw)})`);
        return undefined;
      }
      const value = n === 0 ? 0 : n;
      if (spec.min !== undefined && value < spec.min) {
        problem(name, 'FieldRange', `${name} must be at least ${spec.min} (got ${value})`);
        return undefined;
      }
      if (spec.max !== undefined && value > spec.max) {
        problem(name, 'FieldRange', `${name} must be at most ${spec.max} (got ${value})`);
        return undefined;
      }
      return value;
    }
    case 'boolean': {
      let b: unknown = raw;
      if (fromText && typeof raw === 'string') {
        const text = raw.trim().toLowerCase();
        if (text === 'true') b = true;
        else if (text === 'false') b = false;
      }
      if (typeof b !== 'boolean') {
        problem(name, 'FieldType', `${name} must be true or false (got ${show(raw)})`);
        return undefined;
      }
      return b;
    }
    case 'string': {
      if (typeof raw !== 'string') {
        problem(name, 'FieldType', `${name} must be text (got ${show(raw)})`);
        return undefined;
      }
      const flaw = textFlaw(raw);
      if (flaw !== undefined) {
        problem(name, 'InvalidText', `${name} ${describeTextFlaw(flaw)}`);
        return undefined;
      }
      if (spec.enum !== undefined && !spec.enum.includes(raw)) {
        problem(
          name,
          'FieldRange',
          `${name} must be one of ${spec.enum.join(', ')} (got ${show(raw)})`,
        );
        return undefined;
      }
      const limit =
        spec.maxLength ??
        (spec.pattern === undefined ? DEFAULT_MAX_STRING_LENGTH : FREE_TEXT_MAX_LENGTH);
      const length = [...raw].length;
      if (length > limit) {
        problem(name, 'FieldRange', `${name} must be at most ${limit} characters (got ${length})`);
        return undefined;
      }
      if (spec.pattern !== undefined && !matchesPattern(spec.pattern, raw)) {
        problem(
          name,
          'FieldRange',
          `${name} must match the pattern ${spec.pattern} (got ${show(raw)})`,
        );
        return undefined;
      }
      return raw;
    }
  }
}
