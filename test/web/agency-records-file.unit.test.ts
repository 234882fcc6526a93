// Reading a file of records in the browser (web/src/agency/records-file.ts, docs/web.md agency
// console): JSON lines and CSV as `probity import` reads them, each unreadable line a row with its
// error and its line number, CSV cells typed by the catalogue, and the records a refusal names.
import { describe, expect, it } from 'vitest';
import {
  checkResultsCsv,
  chunks,
  csvCells,
  formatOf,
  identifiersOf,
  lineRanges,
  readRecordsFile,
  rejectedIndexes,
} from '../../web/src/agency/records-file.js';

const TYPES = new Map([
  [
    'court.dishonest-debtor',
    new Map([
      ['amount', 'integer'],
      ['caseNumber', 'string'],
      ['paid', 'boolean'],
    ]),
  ],
]);

describe('a file of records read in the browser', () => {
  it('tells the format by the file name', () => {
    expect(formatOf('a.JSONL')).toBe('jsonl');
    expect(formatOf('a.ndjson')).toBe('jsonl');
    expect(formatOf('records.csv')).toBe('csv');
    expect(formatOf('records.txt')).toBeUndefined();
  });

  it('reads JSON lines, skips blank ones and keeps each unreadable line with its number', () => {
    const rows = readRecordsFile(
      '{"sourceRef":"a"}\n\n{broken\n[1]\n{"sourceRef":"b"}\n',
      'jsonl',
      TYPES,
    );
    expect(rows).toEqual([
      { line: 1, record: { sourceRef: 'a' } },
      { line: 3, error: 'not valid JSON' },
      { line: 4, error: 'not a JSON object' },
      { line: 5, record: { sourceRef: 'b' } },
    ]);
  });

  it('reads CSV by its header, typing cells by the catalogue and leaving empty cells out', () => {
    const text = [
      'sourceRef,subject,category,occurredAt,amount,caseNumber,paid',
      'c-1,110105198005172338,court.dishonest-debtor,2026-01-02,2500000,"(2026)京0105执1号",false',
      'c-2,110105198005172338,court.dishonest-debtor,2026-01-03,,x,',
      'c-3,too,few',
    ].join('\r\n');
    expect(readRecordsFile(text, 'csv', TYPES)).toEqual([
      {
        line: 2,
        record: {
          sourceRef: 'c-1',
          subject: '110105198005172338',
          category: 'court.dishonest-debtor',
          occurredAt: '2026-01-02',
          fields: { amount: 2500000, caseNumber: '(2026)京0105执1号', paid: false },
        },
      },
      {
        line: 3,
        record: {
          sourceRef: 'c-2',
          subject: '110105198005172338',
          category: 'court.dishonest-debtor',
          occurredAt: '2026-01-03',
          fields: { caseNumber: 'x' },
        },
      },
      { line: 4, error: '3 cells for 7 columns' },
    ]);
  });

  it('refuses a CSV whose header lacks a fixed column, and keeps quoted commas and quotes', () => {
    expect(readRecordsFile('sourceRef,subject\nx,y', 'csv', TYPES)).toEqual([
      { line: 1, error: 'the CSV header lacks category, occurredAt' },
    ]);
    expect(csvCells('a,"b,c","say ""hi""",')).toEqual(['a', 'b,c', 'say "hi"', '']);
    expect(csvCells('a,"open')).toBeUndefined();
  });

  it('names the records a refusal points at, and cuts batches at the bound', () => {
    const named = rejectedIndexes([
      'records[1].occurredAt',
      'body.records[3].sourceRef',
      'records[1].fields.amount',
      'records',
    ]);
    expect([...named.keys()].sort()).toEqual([1, 3]);
    expect(named.get(1)).toHaveLength(2);
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 1000)).toEqual([]);
  });

  it('reads identifiers one a line (a CSV line’s first cell, a header `subject` left out)', () => {
    expect(identifiersOf('subject,note\r\n 110105198005172338 ,x\n\nabc\n')).toEqual([
      '110105198005172338',
      'abc',
    ]);
  });

  it('writes a batch check’s results as CSV in input order, quoting where needed', () => {
    expect(
      checkResultsCsv([
        {
          subject: 'A',
          measure: 'travel.flight',
          decision: 'deny',
          reasons: [{ list: 'l1' }, { list: 'l2' }],
        },
        { subject: 'B', measure: 'travel.flight', decision: 'allow', reasons: [] },
        {
          subject: 'x,y',
          measure: 'travel.flight',
          error: { code: 'InvalidIdentifier', message: 'say "no"' },
        },
      ]),
    ).toBe(
      [
        'subject,measure,decision,lists,error',
        'A,travel.flight,deny,l1 l2,',
        'B,travel.flight,allow,,',
        '"x,y",travel.flight,,,"InvalidIdentifier: say ""no"""',
        '',
      ].join('\n'),
    );
  });
});

describe('the lines an upload cut part-way did not send', () => {
  it('are named as ranges in order', () => {
    expect(lineRanges([1003, 1001, 1002, 1010, 7])).toBe('7, 1001–1003, 1010');
    expect(lineRanges([5])).toBe('5');
    expect(lineRanges([])).toBe('');
  });
});
