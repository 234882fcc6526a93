// `verify` for the ledger's copies of the publications: the HTTP door serves every version from
// the database (`GET /v1/publications/:list/:version/files/:name`), not from the publications
// directory, so the copy it serves must be held to the signed manifest as strictly as the files
// on disk (publication-verify.ts). For every version the ledger records, in list then version
// order: its manifest is a signed manifest in canonical form whose hash is the one recorded, for
// this list and version, signed by the key it names; the file list recorded beside it is the
// manifest's; every file's text has the SHA-256 and size the manifest states, and no file is there
// that the manifest does not list; and when the directory holds the same version, its manifest is
// byte for byte the ledger's. The first problem, in that order, is the first broken link.
import type { PublicationFolder } from '../ports/publication-files.js';
import type {
  AuthorityPublicKey,
  PublicationStore,
  PublishedFile,
} from '../ports/publication-store.js';
import { sha256Hex } from '../sha256.js';
import { verifyText } from './authority-key.js';
import {
  canonicalJson,
  manifestFileName,
  manifestHash,
  manifestText,
  type SignedManifest,
} from './publication-format.js';
import type { PublicationBreak, PublicationProblem } from './publication-verify.js';

export interface StoredPublicationsReport {
  readonly ok: boolean;
  /** Versions the ledger holds a copy of. */
  readonly versions: number;
  readonly firstBroken?: PublicationBreak;
  readonly problems: readonly PublicationBreak[];
}

function parseSigned(text: string): SignedManifest | undefined {
  try {
    const value = JSON.parse(text) as Partial<SignedManifest> | null;
    const m = value?.manifest;
    if (
      typeof m !== 'object' ||
      typeof m.list !== 'string' ||
      typeof m.version !== 'number' ||
      !Array.isArray(m.files) ||
      typeof value?.signature?.value !== 'string'
    )
      return undefined;
    return value as SignedManifest;
  } catch {
    return undefined;
  }
}

const sameFiles = (a: readonly PublishedFile[], b: readonly PublishedFile[]): boolean =>
  a.length === b.length &&
  a.every((f, i) => f.name === b[i]?.name && f.sha256 === b[i]?.sha256 && f.bytes === b[i]?.bytes);

/**
 * Checks every copy the ledger holds. `keys` are the authority's public keys by id (the key a
 * manifest names must be one of them); `folder`, when it exists, is compared manifest by manifest.
 */
export async function verifyStoredPublications(
  store: PublicationStore,
  keys: ReadonlyMap<string, Pick<AuthorityPublicKey, 'publicKeyPem'>>,
  folder: PublicationFolder | undefined,
): Promise<StoredPublicationsReport> {
  const problems: PublicationBreak[] = [];
  const summaries = await store.publications();
  const onDisk = folder !== undefined && (await folder.exists());
  for (const summary of summaries) {
    const { list, version } = summary;
    const report = (file: string, problem: PublicationProblem, message: string): void => {
      problems.push({
        list,
        version,
        file: `${list}/${file}`,
        problem,
        message: `the ledger's copy of ${list} v${version}: ${message}`,
      });
    };
    const stored = await store.publication(list, version);
    const name = manifestFileName(version);
    if (stored === undefined) {
      report(name, 'missing', `${name} is missing`);
      continue;
    }
    const signed = parseSigned(stored.manifest);
    if (signed === undefined) {
      report(name, 'altered', `${name} was altered: it is not a signed manifest`);
      continue;
    }
    const m = signed.manifest;
    const hash = manifestHash(m);
    if (m.list !== list || m.version !== version) {
      report(name, 'reordered', `${name} holds ${m.list} version ${m.version}`);
      continue;
    }
    if (
      stored.manifest !== manifestText(signed) ||
      signed.manifestSha256 !== hash ||
      stored.manifestSha256 !== hash
    ) {
      report(
        name,
        'altered',
        `${name} was altered: it is not the canonical manifest whose hash the ledger recorded`,
      );
      continue;
    }
    const key = keys.get(m.keyId);
    if (key === undefined || !verifyText(canonicalJson(m), signed.signature.value, key)) {
      report(name, 'signature', `${name} is not signed by an authority key`);
    }
    if (!sameFiles(stored.files, m.files)) {
      report(name, 'altered', `its list of files is not the manifest's`);
    }
    const listed = new Set(m.files.map((f) => f.name));
    for (const f of m.files) {
      const text = stored.contents[f.name];
      if (text === undefined) report(f.name, 'missing', `${f.name} is missing`);
      else if (sha256Hex(text) !== f.sha256 || Buffer.byteLength(text, 'utf8') !== f.bytes)
        report(
          f.name,
          'altered',
          `${f.name} was altered: its SHA-256 no longer matches the signed manifest`,
        );
    }
    for (const extra of Object.keys(stored.contents).filter((n) => !listed.has(n))) {
      report(extra, 'altered', `${extra} is not listed in the signed manifest`);
    }
    if (onDisk) {
      const text = await folder.readText(`${list}/${name}`);
      if (text !== undefined && text !== stored.manifest)
        report(name, 'altered', `${name} is not the manifest in ${folder.location}`);
    }
  }
  const [firstBroken] = problems;
  return {
    ok: firstBroken === undefined,
    versions: summaries.length,
    ...(firstBroken === undefined ? {} : { firstBroken }),
    problems,
  };
}
