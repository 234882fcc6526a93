import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  DEFAULT_MAX_STRING_LENGTH,
  FREE_TEXT_MAX_LENGTH,
  parseCatalog,
  validateRecordFields,
  type Category,
} from './index.js';

function testCategory(): Category {
  // Read as a stored catalogue: `note` is an unbounded text field, which a catalogue admitted today
  // may not declare (catalog-content.ts) but one stored before that rule may hold.
  const result = parseCatalog(
    stringify({
      categories: [
        {
          id: 'test.fields',
          label: 'Every field type',
          dataClass: 'administrative-penalty',
          polarity: 'adverse',
          tier: 'general',
          legalBasis: 'Test Regulations, art. 1',
          subjects: ['person'],
          submitters: ['authority'],
          fields: {
            amount: { type: 'integer', min: 0, max: 1_000_000, required: true },
            caseNumber: { type: 'string', maxLength: 10, required: true },
            offence: { type: 'string', enum: ['theft', 'fraud'] },
            paid: { type: 'boolean' },
            note: { type: 'string' },
            court: { type: 'string', pattern: '[0-9]{4}-[A-Z]{1,3}' },
            ref: { type: 'string', pattern: '.+' },
          },
        },
      ],
    }),
    { stored: true },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.catalog.categories[0]!;
}

const category = testCategory();
const valid = { amount: 500, caseNumber: 'A-1' };

describe('validateRecordFields', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['required fields only', valid, valid],
    [
      'every field',
      { ...valid, offence: 'fraud', paid: false, note: '案号' },
      { ...valid, offence: 'fraud', paid: false, note: '案号' },
    ],
    [
      'text matching its pattern',
      { ...valid, court: '2026-BJ', ref: 'x'.repeat(FREE_TEXT_MAX_LENGTH) },
      { ...valid, court: '2026-BJ', ref: 'x'.repeat(FREE_TEXT_MAX_LENGTH) },
    ],
    [
      'the bounds themselves',
      { amount: 0, caseNumber: '1234567890' },
      { amount: 0, caseNumber: '1234567890' },
    ],
    ['null optional fields as absent', { ...valid, offence: null }, valid],
    ['empty optional strings as absent', { ...valid, note: '' }, valid],
  ])('accepts %s', (_name, input, expected) => {
    expect(validateRecordFields(category, input)).toEqual({ ok: true, fields: expected });
  });

  it('keeps the catalogue order of fields', () => {
    const result = validateRecordFields(category, { paid: true, caseNumber: 'A', amount: 1 });
    expect(result.ok && Object.keys(result.fields)).toEqual(['amount', 'caseNumber', 'paid']);
  });

  it.each<[string, unknown, string, string]>([
    ['a missing required field', { caseNumber: 'A' }, 'fields.amount', 'FieldMissing'],
    [
      'an empty required string',
      { amount: 1, caseNumber: ' ' },
      'fields.caseNumber',
      'FieldMissing',
    ],
    ['a fraction', { ...valid, amount: 1.5 }, 'fields.amount', 'FieldType'],
    ['a number as text outside CSV', { ...valid, amount: '12' }, 'fields.amount', 'FieldType'],
    ['an unsafe integer', { ...valid, amount: 2 ** 53 }, 'fields.amount', 'FieldType'],
    ['a string where a boolean is declared', { ...valid, paid: 'yes' }, 'fields.paid', 'FieldType'],
    [
      'a number where text is declared',
      { ...valid, caseNumber: 7 },
      'fields.caseNumber',
      'FieldType',
    ],
    ['fields that are not an object', [1, 2], 'fields', 'FieldType'],
    ['a value below min', { ...valid, amount: -1 }, 'fields.amount', 'FieldRange'],
    ['a value above max', { ...valid, amount: 1_000_001 }, 'fields.amount', 'FieldRange'],
    [
      'text longer than maxLength',
      { ...valid, caseNumber: '12345678901' },
      'fields.caseNumber',
      'FieldRange',
    ],
    [
      'text longer than the default limit',
      { ...valid, note: 'x'.repeat(DEFAULT_MAX_STRING_LENGTH + 1) },
      'fields.note',
      'FieldRange',
    ],
    ['a value outside the enum', { ...valid, offence: 'speeding' }, 'fields.offence', 'FieldRange'],
    [
      'text that does not match its pattern',
      { ...valid, court: '12-AB' },
      'fields.court',
      'FieldRange',
    ],
    [
      'text matching its pattern only in part',
      { ...valid, court: 'x2026-AB' },
      'fields.court',
      'FieldRange',
    ],
    [
      'text under a pattern longer than the free-text limit',
      { ...valid, ref: 'x'.repeat(FREE_TEXT_MAX_LENGTH + 1) },
      'fields.ref',
      'FieldRange',
    ],
    ['an undeclared field', { ...valid, religion: 'none' }, 'fields.religion', 'FieldUnknown'],
    [
      'an inherited property name',
      { ...valid, constructor: 'x' },
      'fields.constructor',
      'FieldUnknown',
    ],
  ])('refuses %s', (_name, input, path, code) => {
    const result = validateRecordFields(category, input);
    expect(result.ok ? [] : result.problems.map((p) => ({ path: p.path, code: p.code }))).toEqual([
      { path, code },
    ]);
    expect(result.ok ? '' : result.problems[0]!.message).not.toBe('');
  });

  it('reports every problem at once', () => {
    const result = validateRecordFields(category, { amount: 'lots', offence: 'arson', extra: 1 });
    expect(result.ok ? [] : result.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      'fields.extra FieldUnknown',
      'fields.amount FieldType',
      'fields.caseNumber FieldMissing',
      'fields.offence FieldRange',
    ]);
  });

  it('treats absent fields as an empty object', () => {
    const result = validateRecordFields(category, undefined);
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual([
      'FieldMissing',
      'FieldMissing',
    ]);
  });

  describe('from text (CSV cells)', () => {
    it.each<[string, Record<string, string>, Record<string, unknown>]>([
      [
        'integers and booleans',
        { amount: '123', caseNumber: 'A', paid: 'true' },
        { amount: 123, caseNumber: 'A', paid: true },
      ],
      [
        'false and surrounding spaces',
        { amount: ' 7 ', caseNumber: 'A', paid: 'FALSE' },
        { amount: 7, caseNumber: 'A', paid: false },
      ],
      [
        'empty cells as absent',
        { amount: '0', caseNumber: 'A', paid: '', offence: '', note: '' },
        { amount: 0, caseNumber: 'A' },
      ],
      [
        'a string of digits as text',
        { amount: '1', caseNumber: '0042' },
        { amount: 1, caseNumber: '0042' },
      ],
    ])('converts %s', (_name, input, expected) => {
      expect(validateRecordFields(category, input, { fromText: true })).toEqual({
        ok: true,
        fields: expected,
      });
    });

    it.each<[string, Record<string, string>, string, string]>([
      ['an empty required cell', { amount: '', caseNumber: 'A' }, 'fields.amount', 'FieldMissing'],
      ['a decimal', { amount: '12.5', caseNumber: 'A' }, 'fields.amount', 'FieldType'],
      [
        'a number with a unit',
        { amount: '12 yuan', caseNumber: 'A' },
        'fields.amount',
        'FieldType',
      ],
      [
        'a boolean spelled yes',
        { amount: '1', caseNumber: 'A', paid: 'yes' },
        'fields.paid',
        'FieldType',
      ],
      ['a negative amount', { amount: '-3', caseNumber: 'A' }, 'fields.amount', 'FieldRange'],
      [
        'an extra column',
        { amount: '1', caseNumber: 'A', name: 'Zhang San' },
        'fields.name',
        'FieldUnknown',
      ],
    ])('refuses %s', (_name, input, path, code) => {
      const result = validateRecordFields(category, input, { fromText: true });
      expect(result.ok ? [] : result.problems.map((p) => ({ path: p.path, code: p.code }))).toEqual(
        [{ path, code }],
      );
    });
  });
});
