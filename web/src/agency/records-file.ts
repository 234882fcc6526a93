// A file of records read in the browser (docs/web.md, agency console): JSON lines or CSV, the
// formats of `probity import` (docs/records-and-import.md). In CSV the header is
// `sourceRef,subject,category,occurredAt` then one column per field; a cell is converted by the
// field's type in the catalogue in force (an integer, `true`/`false`), an empty cell is an absent
// field. A line that cannot be read is a row with its error: it is reported rejected with its
// line and never sent. Pure functions: test/web/agency-records-file.unit.test.ts.

export type FieldTypes = ReadonlyMap<string, ReadonlyMap<string, string>>;

export type FileRow =
  | { readonly line: number; readonly record: Record<string, unknown> }
  | { readonly line: number; readonly error: string };

export type FileFormat = 'jsonl' | 'csv';

export function formatOf(name: string): FileFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json'))
    return 'jsonl';
  if (lower.endsWith('.csv')) return 'csv';
  return undefined;
}

export const FIXED_COLUMNS = ['sourceRef', 'subject', 'category', 'occurredAt'] as const;

function jsonlRows(text: string): FileRow[] {
  const rows: FileRow[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '') return;
    const line = index + 1;
    try {
      const value: unknown = JSON.parse(trimmed);
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        rows.push({ line, error: 'not a JSON object' });
      else rows.push({ line, record: value as Record<string, unknown> });
    } catch {
      rows.push({ line, error: 'not valid JSON' });
    }
  });
  return rows;
}

/** One CSV line's cells (RFC 4180 quotes: `""` inside quotes is a quote); undefined if unclosed. */
export function csvCells(line: string): string[] | undefined {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
}

function convert(type: string | undefined, cell: string): unknown {
  if (type === 'integer' && /^-?\d+$/.test(cell)) return Number(cell);
  if (type === 'boolean' && (cell === 'true' || cell === 'false')) return cell === 'true';
  return cell;
}

function csvRows(text: string, types: FieldTypes): FileRow[] {
  const lines = text.split(/\r?\n/);
  const header = csvCells(lines[0] ?? '');
  const missing = FIXED_COLUMNS.filter((c) => !header?.includes(c));
  if (header === undefined || missing.length > 0)
    return [{ line: 1, error: `the CSV header lacks ${missing.join(', ')}` }];
  const rows: FileRow[] = [];
  lines.slice(1).forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = index + 2;
    const cells = csvCells(raw);
    if (cells === undefined || cells.length !== header.length) {
      rows.push({
        line,
        error: `${cells?.length ?? 'unreadable'} cells for ${header.length} columns`,
      });
      return;
    }
    const record: Record<string, unknown> = {};
    const fields: Record<string, unknown> = {};
    const category = cells[header.indexOf('category')] ?? '';
    header.forEach((column, i) => {
      const cell = cells[i] ?? '';
      if ((FIXED_COLUMNS as readonly string[]).includes(column)) record[column] = cell;
      else if (cell !== '') fields[column] = convert(types.get(category)?.get(column), cell);
    });
    record['fields'] = fields;
    rows.push({ line, record });
  });
  return rows;
}

/** The rows of a file's text, in order, each with its line. */
export function readRecordsFile(text: string, format: FileFormat, types: FieldTypes): FileRow[] {
  return format === 'jsonl' ? jsonlRows(text) : csvRows(text, types);
}

/** The records' indexes a refusal names (`records[3].occurredAt`, `body.records[3]`). */
export function rejectedIndexes(paths: readonly string[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const path of paths) {
    const match = /records\[(\d+)\]/.exec(path);
    if (match) out.set(Number(match[1]), [...(out.get(Number(match[1])) ?? []), path]);
  }
  return out;
}

/** Slices of at most `size` items, in order. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Identifiers from a text or CSV file: the first cell of each non-empty line, trimmed. */
export function identifiersOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => (csvCells(line)?.[0] ?? '').trim())
    .filter((cell) => cell !== '' && cell.toLowerCase() !== 'subject');
}

/** A CSV cell, quoted where it holds a comma, a quote or a line break. */
const csvCell = (value: string) =>
  /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/** A batch check's results as CSV: subject, measure, decision, lists, error; in input order. */
export function checkResultsCsv(
  results: readonly {
    readonly subject: string;
    readonly measure: string;
    readonly decision?: string;
    readonly reasons?: readonly { readonly list: string }[];
    readonly error?: { readonly code: string; readonly message: string };
  }[],
): string {
  const rows = results.map((r) =>
    [
      r.subject,
      r.measure,
      r.decision ?? '',
      (r.reasons ?? []).map((reason) => reason.list).join(' '),
      r.error === undefined ? '' : `${r.error.code}: ${r.error.message}`,
    ]
      .map(csvCell)
      .join(','),
  );
  return ['subject,measure,decision,lists,error', ...rows].join('\n') + '\n';
}

/** Line numbers as ranges, in order: `[3, 4, 5, 9]` → `3–5, 9`. */
export function lineRanges(lines: readonly number[]): string {
  const sorted = [...lines].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let end = start;
  for (const line of sorted.slice(1)) {
    if (end !== undefined && line === end + 1) end = line;
    else {
      if (start !== undefined) parts.push(start === end ? `${start}` : `${start}–${end}`);
      start = line;
      end = line;
    }
  }
  if (start !== undefined) parts.push(start === end ? `${start}` : `${start}–${end}`);
  return parts.join(', ');
}
