// The CSV of a publication is opened in spreadsheets: a cell that begins like a formula must
// reach the reader as text (OWASP, CSV injection), while RFC 4180 quoting stays correct and the
// JSON keeps every value exactly.
import { describe, expect, it } from 'vitest';
import { documentText, entriesCsv, type PublishedEntry } from './publication-format.js';

const entry = (caseReference: string, name: string | null = '张伟'): PublishedEntry => ({
  subject: '110105********4110',
  name,
  list: 'dishonest-debtors',
  since: '2026-02-01T00:00:00.000Z',
  until: null,
  legalBasis: 'Provisions on the list of dishonest judgment debtors',
  caseReferences: [caseReference],
});

/** The last cell of the only data row (RFC 4180: a row may span lines inside quotes). */
const caseCell = (value: string): string => {
  const csv = entriesCsv([entry(value)]);
  const row = csv.slice(csv.indexOf('\r\n') + 2, -2);
  return row.slice(row.indexOf('Provisions on the list of dishonest judgment debtors,') + 53);
};

describe('the CSV of a publication', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
    ['-2+3', "'-2+3"],
    ['@SUM(1+1)', "'@SUM(1+1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ["=1+2;'=3", "'=1+2;'=3"],
    ['=A1,B2', `"'=A1,B2"`],
  ])(
    'writes a cell beginning like a formula (%j) as text, prefixed with a single quote',
    (value, cell) => {
      expect(caseCell(value)).toBe(cell);
    },
  );

  it('prefixes a cell that already begins with a single quote, so dropping one quote always gives the value back', () => {
    expect(caseCell("'=1")).toBe("''=1");
    expect(caseCell("'abc")).toBe("''abc");
  });

  it('leaves a harmless value as it is and quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(caseCell('(2026)京0105执1号')).toBe('(2026)京0105执1号');
    expect(caseCell('a, "b"\r\nc')).toBe('"a, ""b""\r\nc"');
    expect(caseCell('1-2')).toBe('1-2');
  });

  it('neutralises every column, not only case references', () => {
    const csv = entriesCsv([entry('(2026)京0105执1号', '=cmd|x')]);
    expect(csv.split('\r\n')[1]).toContain(",'=cmd|x,");
  });

  it('keeps the exact values in the JSON document', () => {
    const values = ['=HYPERLINK("http://x","y")', '-2+3', '@SUM(1+1)', '\t=1', "'=1"];
    const text = documentText({
      format: 'probity-publication/1',
      list: 'dishonest-debtors',
      label: 'Dishonest debtors',
      legalBasis: 'x',
      version: 1,
      at: '2026-03-01T00:00:00.000Z',
      entries: values.map((v) => entry(v)),
    });
    const parsed = JSON.parse(text) as { entries: PublishedEntry[] };
    expect(parsed.entries.map((e) => e.caseReferences[0])).toEqual(values);
  });
});
