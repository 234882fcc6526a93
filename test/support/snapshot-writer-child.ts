// A server stand-in for the crash test of the engine snapshot file: it replaces the file at
// argv[2] without end, in turn with the bytes of the files argv[3] and argv[4], through the file
// adapter the server uses, and prints `wrote` after each write. The test kills it with SIGKILL at
// some moment; the file must then hold the one or the other, whole.
import { readFileSync } from 'node:fs';
import { snapshotFile } from '../../src/io/snapshot-file.js';

const [path, a, b] = process.argv.slice(2);
if (path === undefined || a === undefined || b === undefined)
  throw new Error('usage: snapshot-writer-child <snapshot> <bytes a> <bytes b>');
const file = snapshotFile(path);
const contents = [readFileSync(a), readFileSync(b)];
for (let n = 0; ; n += 1) {
  const bytes = contents[n % 2] as Buffer;
  // In chunks, as the server writes a snapshot.
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += 1 << 20) chunks.push(bytes.subarray(i, i + (1 << 20)));
  await file.write(chunks);
  process.stdout.write('wrote\n');
}
