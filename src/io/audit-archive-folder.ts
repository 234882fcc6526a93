// The audit archive directory on the file system (the `AuditArchiveFiles` port): a segment is
// written to a temporary name in the directory, fsynced, renamed over its name, and the directory
// fsynced, so that once `write` resolves the file survives a crash whole, and a crash before that
// leaves at most a temporary file (`.<name>.<pid>.tmp`, never read, overwritten next time).
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditArchiveFiles, AuditArchiveFolder } from '../app/ports/audit-archive-files.js';

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function folder(dir: string): AuditArchiveFolder {
  return {
    location: dir,

    async write(name, chunks) {
      await mkdir(dir, { recursive: true });
      const temporary = join(dir, `.${name}.${process.pid}.tmp`);
      const handle = await open(temporary, 'w', 0o640);
      try {
        for await (const chunk of chunks) await handle.write(chunk);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, join(dir, name));
      await fsyncDirectory(dir);
    },

    async read(name) {
      const path = join(dir, name);
      try {
        if (!(await stat(path)).isFile()) return undefined;
      } catch {
        return undefined;
      }
      return createReadStream(path);
    },

    async remove(name) {
      await rm(join(dir, name), { force: true });
    },
  };
}

export const fileAuditArchive: AuditArchiveFiles = { open: folder };
