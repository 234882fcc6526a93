// The record file adapter: reads a bulk file of records (JSON lines or CSV) from the file system
// as a stream of rows (the `RecordFileReader` port), so that files of any size import in constant
// memory. A row that cannot be parsed is a row with an error, not an exception: it becomes a
// rejection with the line it came from, and the import goes on.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse';
import type {
  RecordFile,
  RecordFileFormat,
  RecordFileReader,
  RecordRow,
} from '../app/ports/record-file-reader.js';
import { DomainError } from '../core/errors/domain-error.js';

const FIXED_COLUMNS = ['sourceRef', 'subject', 'category', 'occurredAt'] as const;

export function recordFileFormat(path: string): RecordFileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.csv') return 'csv';
  throw new DomainError(
    'ImportUnknownFormat',
    `cannot tell the format of "${path}": name it .jsonl or .csv`,
  );
}

export async function openRecordFile(path: string): Promise<RecordFile> {
  const format = recordFileFormat(path);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new DomainError('ImportFileNotFound', `cannot read "${path}": no such file`);
  }
  const stream = createReadStream(path);
  const bytesRead = (): number => stream.bytesRead;
  return {
    format,
    size,
    bytesRead,
    rows: () => (format === 'jsonl' ? jsonlRows(stream) : csvRows(stream)),
  };
}

/** The file system's record files, for `AppDeps.recordFiles`. */
export const fileRecordFiles: RecordFileReader = { open: openRecordFile };

async function* jsonlRows(stream: AsyncIterable<Buffer | string>): AsyncGenerator<RecordRow> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let line = 0;
  const parseLine = (text: string): RecordRow | undefined => {
    line += 1;
    const trimmed = text.trim();
    if (trimmed === '') return undefined;
    try {
      return { line, value: JSON.parse(trimmed) as unknown };
    } catch (error) {
      return {
        line,
        error: {
          code: 'MalformedRow',
          message: `line ${line} is not valid JSON: ${(error as Error).message}`,
        },
      };
    }
  };
  for await (const chunk of stream) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = pending.indexOf('\n', start); nl !== -1; nl = pending.indexOf('\n', start)) {
      const row = parseLine(pending.slice(start, nl));
      start = nl + 1;
      if (row) yield row;
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending.length > 0) {
    const row = parseLine(pending);
    if (row) yield row;
  }
}

/** CSV: a header with sourceRef, subject, category, occurredAt and one column per field. */
async function* csvRows(stream: AsyncIterable<Buffer | string>): AsyncGenerator<RecordRow> {
  const parser = parseCsv({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
  });
  let header: string[] | undefined;
  let line = 0;
  const source = (async () => {
    for await (const chunk of stream)
      if (!parser.write(chunk)) await new Promise((r) => parser.once('drain', r));
    parser.end();
  })();
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      line += 1;
      if (!header) {
        header = cells;
        const missing = FIXED_COLUMNS.filter((c) => !header?.includes(c));
        if (missing.length > 0) {
          throw new DomainError(
            'ImportBadHeader',
            `the CSV header lacks ${missing.join(', ')} (it needs sourceRef,subject,category,occurredAt and one column per field)`,
          );
        }
        continue;
      }
      if (cells.length !== header.length) {
        yield {
          line,
          error: {
            code: 'MalformedRow',
            message: `line ${line} has ${cells.length} cells, the header has ${header.length}`,
          },
        };
        continue;
      }
      const record: Record<string, unknown> = {};
      const fields: Record<string, string> = {};
      header.forEach((column, i) => {
        const cell = cells[i] ?? '';
        if ((FIXED_COLUMNS as readonly string[]).includes(column)) record[column] = cell;
        else if (cell !== '') fields[column] = cell;
      });
      record.fields = fields;
      yield { line, value: record };
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError(
      'MalformedCsv',
      `the CSV file cannot be read past line ${line + 1}: ${(error as Error).message}`,
    );
  } finally {
    await source.catch(() => undefined);
  }
}
