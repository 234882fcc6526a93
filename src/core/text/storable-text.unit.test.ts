import { describe, expect, it } from 'vitest';
import {
  describeValue,
  EXCERPT_LENGTH,
  excerpt,
  isStorableText,
  quoted,
  storableText,
  textFlaw,
} from './storable-text.js';
import { inputError, inputProblems, requireStorableText } from './json-input.js';

describe('storable text', () => {
  it.each([
    ['a NUL', 'a\u0000b', { kind: 'nul', index: 1, unit: 'U+0000' }],
    ['a lone high surrogate', '\ud800', { kind: 'lone-surrogate', index: 0, unit: 'U+D800' }],
    [
      'a high surrogate at the end',
      'ab\udbff',
      { kind: 'lone-surrogate', index: 2, unit: 'U+DBFF' },
    ],
    ['a lone low surrogate', 'x\udc00y', { kind: 'lone-surrogate', index: 1, unit: 'U+DC00' }],
    [
      'two high surrogates',
      '\ud83d\ud83d\ude00',
      { kind: 'lone-surrogate', index: 0, unit: 'U+D83D' },
    ],
  ])('refuses %s', (_name, text, flaw) => {
    expect(textFlaw(text)).toEqual(flaw);
    expect(isStorableText(text)).toBe(false);
  });

  it.each([
    ['plain text', 'court.dishonest-debtor'],
    ['Chinese', '(2026)京0105执123号'],
    ['a surrogate pair (emoji)', 'ok 😀'],
    ['control characters other than NUL', '\u0001\t\n\u001f\u007f'],
    ['noncharacters and format marks', '\uffff\ufffe\u200f\u2028'],
    ['the replacement character', '\ufffd'],
    ['empty text', ''],
  ])('keeps %s', (_name, text) => {
    expect(textFlaw(text)).toBeUndefined();
    expect(storableText(text)).toBe(text);
  });

  it('replaces each NUL and lone surrogate by U+FFFD and nothing else', () => {
    expect(storableText('a\u0000b\ud800c😀\udc00')).toBe('a\ufffdb\ufffdc😀\ufffd');
    expect(isStorableText(storableText('\ud800\u0000\udfff'))).toBe(true);
  });
});

describe('excerpts of input in messages', () => {
  it('quotes short text whole and cuts long text at 64 characters with an ellipsis', () => {
    expect(quoted('abc')).toBe('"abc"');
    const long = 'x'.repeat(11_000_000);
    expect(excerpt(long)).toBe(`${'x'.repeat(EXCERPT_LENGTH)}…`);
    expect(quoted(long).length).toBe(EXCERPT_LENGTH + 3);
  });

  it('never splits a surrogate pair and writes unstorable characters as escapes', () => {
    const text = `${'a'.repeat(EXCERPT_LENGTH - 1)}😀tail`;
    expect(excerpt(text)).toBe(`${'a'.repeat(EXCERPT_LENGTH - 1)}…`);
    expect(excerpt('a\u0000\ud800')).toBe('a\\u0000\\ud800');
    expect(isStorableText(excerpt('\ud800'.repeat(100)))).toBe(true);
  });

  it('describes any value without walking it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(describeValue(deep)).toBe('an array');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue(1.5)).toBe('1.5');
    expect(describeValue(null)).toBe('null');
    expect(describeValue('y'.repeat(1000))).toBe(`"${'y'.repeat(EXCERPT_LENGTH)}…"`);
  });
});

describe('input checks', () => {
  it('names the path of every unstorable string and property name', () => {
    const body = {
      records: [
        { sourceRef: 'ok', subject: 'x' },
        { sourceRef: 'a\u0000', fields: { ['k\ud800']: 'v', note: '\udc00' } },
      ],
    };
    const problems = inputProblems(body, 'body');
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['body.records[1].sourceRef', 'InvalidText'],
      ['body.records[1].fields.k\\ud800', 'InvalidText'],
      ['body.records[1].fields.note', 'InvalidText'],
    ]);
    expect(problems[0]?.message).toBe(
      'body.records[1].sourceRef contains a NUL character (U+0000) at position 2; text must be valid Unicode without NUL',
    );
  });

  it('refuses nesting deeper than the limit without recursing, and stops at the problem limit', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    const problems = inputProblems({ fields: { amount: deep } }, 'body');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'TooDeep' });
    expect(problems[0]?.path.startsWith('body.fields.amount[0][0]')).toBe(true);
    const many = inputProblems(Array.from({ length: 10_000 }, () => '\u0000'));
    expect(many).toHaveLength(100);
    expect(inputError(many)).toMatchObject({ code: 'InvalidText' });
    expect(inputError(problems)).toMatchObject({ code: 'InvalidRequest' });
  });

  it('passes well-formed input', () => {
    expect(inputProblems({ a: [1, true, null, 'é', { b: '😀' }] })).toEqual([]);
  });

  it('requireStorableText refuses with InvalidText naming the field', () => {
    expect(requireStorableText('fine', 'reason')).toBe('fine');
    expect(requireStorableText(undefined, 'reason')).toBeUndefined();
    expect(() => requireStorableText('bad\u0000', 'reason')).toThrow(
      expect.objectContaining({
        code: 'InvalidText',
        details: [expect.objectContaining({ path: 'reason', code: 'InvalidText' })],
      }),
    );
  });
});
