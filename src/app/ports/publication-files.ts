// The publications directory (charter C13, C14): where `publish` writes each version's files and
// the index, and what `verify` reads back to check them. The ledger keeps every version too (the
// HTTP doors answer from it); the directory is the copy the public downloads. The file system
// adapter lives in `src/io`; the application names files by their paths inside the directory,
// `/`-separated: `index.json`, `<list>/v<n>.json`, `<list>/v<n>.manifest.json`...

/** One publications directory, as named by the operator (`--out`) or the server's settings. */
export interface PublicationFolder {
  /** The directory as it was named: reports quote it. */
  readonly location: string;
  /** Whether the directory exists. */
  exists(): Promise<boolean>;
  /** Every folder directly inside the directory, with the names of the entries it holds. */
  folders(): Promise<{ readonly name: string; readonly entries: readonly string[] }[]>;
  /** Whether a file is there. */
  has(path: string): Promise<boolean>;
  /** A file's text (UTF-8); undefined when it cannot be read. */
  readText(path: string): Promise<string | undefined>;
  /** A file's exact bytes (to hash them); undefined when it cannot be read. */
  readBytes(path: string): Promise<Uint8Array | undefined>;
  /** Writes a file whole (through a temporary name and a rename), creating its folder. */
  write(path: string, text: string): Promise<void>;
}

/**
 * Opens publications directories by name.
 * @example
 * const folder = publicationFiles.open('./data/publications/');
 * await folder.write('dishonest-debtors/v1.json', text);
 * const manifest = await folder.readText('dishonest-debtors/v1.manifest.json');
 */
export interface PublicationFiles {
  open(dir: string): PublicationFolder;
}
