// The engine snapshot file (the `EngineSnapshotFile` port): written whole under a temporary name
// in the same directory (`<file>.<pid>.tmp`), flushed to disk (fsync), renamed over the old one
// and the directory flushed too, so that after a crash (kill -9, power loss) the path holds the
// old snapshot or the new one, never a half-written file. A temporary file a crash left behind is
// never read (the next write from the same process id overwrites it; an operator may delete it).
// Read by position and written as a stream of chunks: a city's snapshot (12-16 GB) is more than
// `readFile` reads (2 GiB) or one Buffer holds (4 GiB), and is never in memory whole.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EngineSnapshotFile } from '../app/ports/engine-snapshot-file.js';

/** At most this many bytes per read or write call (the system's limit is just under 2 GiB). */
const IO_MAX = 1 << 30;

export function snapshotFile(path: string): EngineSnapshotFile {
  return {
    path,
    async open() {
      let file;
      try {
        file = await open(path, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const { size } = await file.stat();
      return {
        size,
        async readAt(offset, length) {
          // A buffer of its own (a column is made a typed array over it), filled to the end.
          const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
          for (let done = 0; done < out.byteLength;) {
            const { bytesRead } = await file.read(
              out,
              done,
              Math.min(IO_MAX, out.byteLength - done),
              offset + done,
            );
            if (bytesRead === 0) return out.subarray(0, done);
            done += bytesRead;
          }
          return out;
        },
        close: () => file.close(),
      };
    },
    async write(chunks) {
      const dir = dirname(path);
      await mkdir(dir, { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      const file = await open(temp, 'w', 0o600);
      try {
        // Every byte of every chunk, in order, as they come (a partial write goes on where it stopped).
        // (`for await` takes a plain iterable too; the cast only gives the chunks their type.)
        for await (const chunk of chunks as AsyncIterable<Uint8Array>) {
          for (let done = 0; done < chunk.byteLength;) {
            const { bytesWritten } = await file.write(
              chunk,
              done,
              Math.min(IO_MAX, chunk.byteLength - done),
            );
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
