// Bulk files of records (JSON lines or CSV), read as a stream of rows so that files of any size
// import in constant memory. A row that cannot be parsed is a row with an error, not an
// exception: it becomes a rejection with the line it came from, and the import goes on. The file
// adapter lives in `src/io`; the application only sees rows.

export type RecordRow =
  | { readonly line: number; readonly value: unknown }
  | { readonly line: number; readonly error: { readonly code: string; readonly message: string } };

export type RecordFileFormat = 'jsonl' | 'csv';

export interface RecordFile {
  readonly format: RecordFileFormat;
  /** Bytes in the file, for progress. */
  readonly size: number;
  /** Bytes consumed so far, for progress. */
  bytesRead(): number;
  rows(): AsyncGenerator<RecordRow>;
}

/**
 * Opens a record file by the name an operator gave it; the format comes from its extension.
 * Refuses with `ImportUnknownFormat` (not .jsonl/.csv) or `ImportFileNotFound`.
 * @example
 * const file = await recordFiles.open('court-2026-05.jsonl');
 * for await (const row of file.rows()) if ('value' in row) console.log(row.line, row.value);
 */
export interface RecordFileReader {
  open(path: string): Promise<RecordFile>;
}
