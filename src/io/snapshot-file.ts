// The engine snapshot file (the `EngineSnapshotFile` port): written whole under a temporary name
// in the same directory (`<file>.<pid>.tmp`), flushed to disk (fsync), renamed over the old one
// and the directory flushed too, so that after a crash (kill -9, power loss) the path holds the
// old snapshot or the new one, never a half-written file. A temporary file a crash left behind is
// never read (the next write from the same process id overwrites it; an operator may delete it).
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EngineSnapshotFile } from '../app/ports/engine-snapshot-file.js';

export function snapshotFile(path: string): EngineSnapshotFile {
  return {
    path,
    async read() {
      try {
        return await readFile(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async write(chunks) {
      const dir = dirname(path);
      await mkdir(dir, { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      const file = await open(temp, 'w', 0o600);
      try {
        // Every byte of every chunk, in order (a partial write goes on where it stopped).
        for (const chunk of chunks) {
          for (let done = 0; done < chunk.byteLength;) {
            const { bytesWritten } = await file.write(chunk, done, chunk.byteLength - done);
            done += bytesWritten;
          }
        }
        await file.sync();
      } catch (error) {
        await file.close();
        await rm(temp, { force: true });
        throw error;
      }
      await file.close();
      await rename(temp, path);
      const directory = await open(dir, 'r');
      try {
        await directory.sync();
      } finally {
        await directory.close();
      }
    },
  };
}
