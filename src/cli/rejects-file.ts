// `probity import --rejects <file>`: the rejected rows of an import as JSON lines (line,
// sourceRef, code, message, details), written as the import finds them. This is the command's
// own output, like its summary on stdout: the import use case reports each rejection as it goes,
// and each door presents them its way (this file at the command line), so no port is needed.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { ImportRejection } from '../app/records/record-file-import.js';

export interface RejectsFile {
  write(rejection: ImportRejection): Promise<void>;
  /** Ends the file once every line is on disk. */
  close(): Promise<void>;
}

export function openRejectsFile(path: string): RejectsFile {
  const stream = createWriteStream(path);
  return {
    async write(r) {
      const line = JSON.stringify({
        line: r.line,
        sourceRef: r.sourceRef ?? null,
        code: r.code,
        message: r.message,
        details: r.details,
      });
      if (!stream.write(`${line}\n`)) await once(stream, 'drain');
    },
    async close() {
      stream.end();
      await once(stream, 'finish');
    },
  };
}
