// The publications directory on the file system (the `PublicationFiles` port): `publish` writes
// each file whole, through a temporary name and a rename, so a reader never sees half a file;
// `verify` reads the files back as they are, bytes included. Paths inside the directory are
// `/`-separated and plain (never absolute, never `..`): list ids become folder names only once
// the application has checked them.
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PublicationFiles, PublicationFolder } from '../app/ports/publication-files.js';

/**
 * The file system path of a path inside the directory; undefined for anything that could leave
 * it (a manifest being verified may name any file: such a name is one that cannot be read).
 */
function inside(dir: string, path: string): string | undefined {
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\'))) return undefined;
  return join(dir, ...parts);
}

async function readOrUndefined<T>(
  dir: string,
  path: string,
  read: (file: string) => Promise<T>,
): Promise<T | undefined> {
  const file = inside(dir, path);
  return file === undefined ? undefined : read(file).catch(() => undefined);
}

/** Writes via a temporary name and a rename, so a reader never sees half a file. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, path);
}

export function openPublicationFolder(dir: string): PublicationFolder {
  return {
    location: dir,
    exists: () =>
      stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      ),
    async folders() {
      const folders: { name: string; entries: string[] }[] = [];
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        folders.push({ name: entry.name, entries: await readdir(join(dir, entry.name)) });
      }
      return folders;
    },
    has: async (path) => (await readOrUndefined(dir, path, (file) => stat(file))) !== undefined,
    readText: (path) => readOrUndefined(dir, path, (file) => readFile(file, 'utf8')),
    readBytes: (path) => readOrUndefined(dir, path, (file) => readFile(file)),
    async write(path, text) {
      const file = inside(dir, path);
      if (file === undefined)
        throw new Error(`"${path}" is not a plain path inside the publications directory`);
      await mkdir(dirname(file), { recursive: true });
      await writeAtomically(file, text);
    },
  };
}

/** The file system's publications directories, for `AppDeps.publicationFiles`. */
export const filePublications: PublicationFiles = { open: openPublicationFolder };
