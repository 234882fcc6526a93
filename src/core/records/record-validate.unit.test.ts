import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseCatalog, type Catalog } from '../catalog/index.js';
import { residentIdentityNumber, socialCreditCode } from '../identifiers/index.js';
import { parseInstant } from '../time/instant.js';
import { validateRecord, type RecordContext } from './record-validate.js';

function testCatalog(): Catalog {
  const category = (id: string, subjects: string[]) => ({
    id,
    label: id,
    dataClass: 'administrative-penalty',
    polarity: 'adverse',
    tier: 'general',
    legalBasis: 'Test Regulations, art. 1',
    subjects,
    submitters: ['court'],
    fields: { amount: { type: 'integer', min: 0, max: 1000, required: true } },
  });
  const result = parseCatalog(
    stringify({
      categories: [
        category('test.fine', ['person', 'organization']),
        category('test.persons-only', ['person']),
      ],
    }),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.catalog;
}

const NOW = parseInstant('2026-03-01T09:30:00Z');
const ctx: RecordContext = { catalog: testCatalog(), agencyKind: 'court', now: NOW };

/** Born 2000-01-15, so an adult from 2018-01-15. */
const PERSON = residentIdentityNumber('110105', { year: 2000, month: 1, day: 15 }, 411);
const ORGANIZATION = socialCreditCode({
  authority: '9',
  entityType: '1',
  region: '110105',
  organization: 'MA000001',
});
/** The person's number with its check character changed. */
const BAD_CHECKSUM = PERSON.slice(0, 17) + (PERSON.endsWith('0') ? '1' : '0');

const valid = {
  sourceRef: 'case-1',
  subject: PERSON,
  category: 'test.fine',
  occurredAt: '2025-06-01',
  fields: { amount: 100 },
};

/** The problems of a refused record, as path and code; [] when it is accepted. */
function problemsOf(
  input: unknown,
  context: RecordContext = ctx,
): { path: string; code: string }[] {
  const result = validateRecord(input, context);
  return result.ok ? [] : result.problems.map(({ path, code }) => ({ path, code }));
}

describe('validateRecord', () => {
  it('accepts a complete record about an adult, with the birth date and the category resolved', () => {
    const result = validateRecord(valid, ctx);
    expect(result).toEqual({
      ok: true,
      record: {
        sourceRef: 'case-1',
        subject: PERSON,
        subjectKind: 'person',
        birthDate: parseInstant('2000-01-15'),
        category: ctx.catalog.byId.get('test.fine'),
        occurredAt: parseInstant('2025-06-01'),
        fields: { amount: 100 },
      },
    });
  });

  it.each<[string, unknown]>([
    [
      'accepts a record about an organisation, which has no birth date',
      { ...valid, subject: ORGANIZATION },
    ],
    ['accepts a record from the 18th birthday on', { ...valid, occurredAt: '2018-01-15' }],
    [
      'accepts a record whose conduct is exactly now',
      { ...valid, occurredAt: '2026-03-01T09:30:00Z' },
    ],
  ])('%s', (_name, input) => {
    expect(problemsOf(input)).toEqual([]);
  });

  it('converts fields given as text when the context says they arrive as text', () => {
    const result = validateRecord(
      { ...valid, fields: { amount: '100' } },
      { ...ctx, fieldsFromText: true },
    );
    expect(result.ok && result.record.fields).toEqual({ amount: 100 });
  });

  // One row per rule: the input breaks exactly that rule, and the answer names exactly that problem.
  const rules: [string, unknown, { path: string; code: string }[]][] = [
    ['refuses a value that is not a JSON object', [valid], [{ path: '', code: 'MalformedRecord' }]],
    ['refuses null as a record', null, [{ path: '', code: 'MalformedRecord' }]],
    [
      'refuses a property that is not one of the five record properties',
      { ...valid, name: 'Zhang San' },
      [{ path: 'name', code: 'UnknownProperty' }],
    ],
    [
      'refuses a record without a sourceRef',
      { ...valid, sourceRef: undefined },
      [{ path: 'sourceRef', code: 'SourceRefMissing' }],
    ],
    [
      'refuses a blank sourceRef',
      { ...valid, sourceRef: '   ' },
      [{ path: 'sourceRef', code: 'SourceRefMissing' }],
    ],
    [
      'refuses a sourceRef longer than 200 characters',
      { ...valid, sourceRef: 'x'.repeat(201) },
      [{ path: 'sourceRef', code: 'SourceRefInvalid' }],
    ],
    [
      'refuses a record without a subject',
      { ...valid, subject: '' },
      [{ path: 'subject', code: 'SubjectMissing' }],
    ],
    [
      'refuses a subject whose identifier fails its checksum',
      { ...valid, subject: BAD_CHECKSUM },
      [{ path: 'subject', code: 'InvalidIdentifier' }],
    ],
    [
      'refuses a record without a category',
      { ...valid, category: undefined },
      [{ path: 'category', code: 'CategoryMissing' }],
    ],
    [
      'refuses a category that is not in the catalogue',
      { ...valid, category: 'test.unknown' },
      [{ path: 'category', code: 'UnknownCategory' }],
    ],
    [
      'refuses a category that does not apply to this kind of subject',
      { ...valid, subject: ORGANIZATION, category: 'test.persons-only' },
      [{ path: 'subject', code: 'SubjectKindNotAllowed' }],
    ],
    [
      'refuses a record without the time of conduct',
      { ...valid, occurredAt: undefined },
      [{ path: 'occurredAt', code: 'OccurredAtMissing' }],
    ],
    [
      'refuses a time of conduct that is not a date or an instant with a zone',
      { ...valid, occurredAt: '2025-02-30' },
      [{ path: 'occurredAt', code: 'InvalidInstant' }],
    ],
    [
      'refuses conduct in the future',
      { ...valid, occurredAt: '2026-03-01T09:30:00.001Z' },
      [{ path: 'occurredAt', code: 'OccurredInFuture' }],
    ],
    [
      "refuses conduct before the subject's birth",
      { ...valid, occurredAt: '2000-01-14' },
      [{ path: 'occurredAt', code: 'OccurredBeforeBirth' }],
    ],
    [
      'refuses a record about a minor, one day before the 18th birthday (charter C4)',
      { ...valid, occurredAt: '2018-01-14' },
      [{ path: 'subject', code: 'SubjectMinor' }],
    ],
    [
      'refuses a record without a required field',
      { ...valid, fields: {} },
      [{ path: 'fields.amount', code: 'FieldMissing' }],
    ],
    [
      'refuses a field of the wrong type',
      { ...valid, fields: { amount: 'a hundred' } },
      [{ path: 'fields.amount', code: 'FieldType' }],
    ],
    [
      'refuses a field outside its declared bounds',
      { ...valid, fields: { amount: 1001 } },
      [{ path: 'fields.amount', code: 'FieldRange' }],
    ],
    [
      'refuses a field the category does not declare',
      { ...valid, fields: { amount: 100, religion: 'none' } },
      [{ path: 'fields.religion', code: 'FieldUnknown' }],
    ],
  ];

  it.each(rules)('%s', (_name, input, expected) => {
    expect(problemsOf(input)).toEqual(expected);
  });

  it('refuses a category that this kind of agency may not submit', () => {
    expect(problemsOf(valid, { ...ctx, agencyKind: 'tax' })).toEqual([
      { path: 'category', code: 'SubmitterNotAllowed' },
    ]);
  });

  it('reports every problem of a record at once, not only the first', () => {
    expect(
      problemsOf({ subject: BAD_CHECKSUM, category: 'test.unknown', occurredAt: 'soon', x: 1 }),
    ).toEqual([
      { path: 'x', code: 'UnknownProperty' },
      { path: 'sourceRef', code: 'SourceRefMissing' },
      { path: 'subject', code: 'InvalidIdentifier' },
      { path: 'category', code: 'UnknownCategory' },
      { path: 'occurredAt', code: 'InvalidInstant' },
    ]);
  });

  it('keeps the sourceRef of a refused record, so that a rejection can name it', () => {
    const result = validateRecord({ ...valid, occurredAt: '2018-01-14' }, ctx);
    expect(result).toMatchObject({ ok: false, sourceRef: 'case-1' });
  });

  it('names the invalid identifier and the reason in the one message every door uses', () => {
    const result = validateRecord({ ...valid, subject: BAD_CHECKSUM }, ctx);
    expect(result.ok ? '' : result.problems[0]?.message).toMatch(
      new RegExp(`^subject "${BAD_CHECKSUM}" is not a valid identifier \\(checksum\\): `),
    );
  });

  it('names the 18th birthday when it refuses a record about a minor', () => {
    const result = validateRecord({ ...valid, occurredAt: '2018-01-14' }, ctx);
    expect(result.ok ? '' : result.problems[0]?.message).toBe(
      'the subject was a minor on 2018-01-14 (18 on 2018-01-15): records about minors are refused (charter C4)',
    );
  });

  // records-and-import.md lists two more: MalformedRow (the file reader) and SubjectClosed (append).
  it('has a row for every rejection code validateRecord can give', () => {
    const tested = new Set([
      ...rules.flatMap(([, , expected]) => expected.map((p) => p.code)),
      'SubmitterNotAllowed',
    ]);
    expect([...tested].sort()).toEqual(
      [
        'MalformedRecord',
        'UnknownProperty',
        'SourceRefMissing',
        'SourceRefInvalid',
        'SubjectMissing',
        'InvalidIdentifier',
        'CategoryMissing',
        'UnknownCategory',
        'SubmitterNotAllowed',
        'SubjectKindNotAllowed',
        'OccurredAtMissing',
        'InvalidInstant',
        'OccurredInFuture',
        'OccurredBeforeBirth',
        'SubjectMinor',
        'FieldMissing',
        'FieldType',
        'FieldRange',
        'FieldUnknown',
      ].sort(),
    );
  });
});
