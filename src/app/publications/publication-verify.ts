// `verify` for publications: everything a reader of the publications directory can check, with
// the authority's public key and the ledger's record of what was published as the anchors.
//
// For each list (in id order) and each version from 1 to the last one the ledger or the folder
// knows, in order: the manifest is present, is exactly its canonical JSON, holds this list and
// this version (else versions were swapped), its hash is the one it states and the one the ledger
// recorded, its signature verifies with the key it names, which must be a key of the authority's
// chain of keys recorded in the ledger and anchored in the signer's current key (authority-key.ts:
// a manifest re-signed with any other key fails here, and so does one signed by a key that an edit
// of the database slipped in), it chains to version n−1's manifest hash, and every file it lists has its
// SHA-256 (a data file holding another version's bytes is reported as reordered). Then the index
// must name exactly the versions the ledger records. Every problem is collected; the first one,
// in that order, is the first broken link. A version missing from the folder is missing whether
// the ledger or a later version's chain says it existed, so neither cutting the tail nor removing
// a middle version goes unnoticed. The directory is read through the `PublicationFolder` port.
import type { PublicationFolder } from '../ports/publication-files.js';
import type { PublicationSigner } from '../ports/publication-signer.js';
import type {
  AuthorityKeyRecord,
  PublicationStore,
  PublicationSummary,
} from '../ports/publication-store.js';
import { verifyKeyChain, verifyText } from './authority-key.js';
import {
  canonicalJson,
  INDEX_FILE,
  LIST_ID,
  manifestFileName,
  manifestHash,
  manifestText,
  versionOfFileName,
  type Manifest,
  type SignedManifest,
} from './publication-format.js';
import { sha256Hex } from '../sha256.js';

export type PublicationProblem =
  'missing' | 'altered' | 'reordered' | 'signature' | 'chain' | 'unrecorded' | 'index' | 'key';

/** The authority's keys as `verify` sees them: every one recorded, and those the chain vouches for. */
interface VerifyKeys {
  readonly recorded: ReadonlyMap<string, AuthorityKeyRecord>;
  readonly trusted: ReadonlyMap<string, AuthorityKeyRecord>;
}

export const KEYS_FILE = '(authority keys)';

export interface PublicationBreak {
  readonly list: string;
  /** 0 for the index. */
  readonly version: number;
  /** The file at fault, relative to the directory. */
  readonly file: string;
  readonly problem: PublicationProblem;
  readonly message: string;
}

export interface VerifiedList {
  readonly list: string;
  readonly versions: number;
  /** The last version's manifest hash (the head of its chain). */
  readonly head: string;
}

export type PublicationsReport =
  | { readonly found: false; readonly dir: string }
  | {
      readonly found: true;
      readonly dir: string;
      readonly ok: boolean;
      readonly keyId: string | null;
      readonly lists: readonly VerifiedList[];
      readonly firstBroken?: PublicationBreak;
      readonly problems: readonly PublicationBreak[];
    };

function parseSignedManifest(text: string): SignedManifest | undefined {
  try {
    const value = JSON.parse(text) as Partial<SignedManifest>;
    const m = value.manifest as Partial<Manifest> | undefined;
    if (
      typeof m !== 'object' ||
      m === null ||
      typeof m.list !== 'string' ||
      typeof m.version !== 'number' ||
      !Array.isArray(m.files) ||
      typeof value.signature?.value !== 'string'
    ) {
      return undefined;
    }
    return value as SignedManifest;
  } catch {
    return undefined;
  }
}

/**
 * `signer`: the authority's signer, whose current key anchors the chain of keys the ledger records
 * (left out, the recorded chain is checked on its own: a library caller's choice).
 */
export async function verifyPublications(
  store: PublicationStore,
  folder: PublicationFolder,
  signer?: PublicationSigner,
): Promise<PublicationsReport> {
  const dir = folder.location;
  if (!(await folder.exists())) return { found: false, dir };
  const problems: PublicationBreak[] = [];
  const keys = await verifyKeys(store, signer, problems);
  const key = await store.authorityPublicKey();
  const recorded = await store.publications();
  const recordedByList = new Map<string, Map<number, PublicationSummary>>();
  for (const s of recorded) {
    const versions = recordedByList.get(s.list) ?? new Map<number, PublicationSummary>();
    versions.set(s.version, s);
    recordedByList.set(s.list, versions);
  }

  const onDisk = new Map<string, number>();
  for (const entry of await folder.folders()) {
    if (!LIST_ID.test(entry.name)) continue;
    let last = 0;
    for (const name of entry.entries) last = Math.max(last, versionOfFileName(name) ?? 0);
    if (last > 0) onDisk.set(entry.name, last);
  }

  const lists: VerifiedList[] = [];
  const names = [...new Set([...recordedByList.keys(), ...onDisk.keys()])].sort();
  for (const list of names) {
    const ledger = recordedByList.get(list) ?? new Map<number, PublicationSummary>();
    const last = Math.max(onDisk.get(list) ?? 0, ...ledger.keys());
    const head = await verifyList(folder, list, last, ledger, keys, problems);
    lists.push({ list, versions: last, head });
  }
  await verifyIndex(folder, recorded, problems);

  const [firstBroken] = problems;
  return {
    found: true,
    dir,
    ok: firstBroken === undefined,
    keyId: key?.keyId ?? null,
    lists,
    ...(firstBroken === undefined ? {} : { firstBroken }),
    problems,
  };
}

/** Checks versions 1..last of one list; returns the head hash (of the last manifest read). */
async function verifyList(
  folder: PublicationFolder,
  list: string,
  last: number,
  ledger: ReadonlyMap<number, PublicationSummary>,
  keys: VerifyKeys,
  problems: PublicationBreak[],
): Promise<string> {
  const report = (
    version: number,
    file: string,
    problem: PublicationProblem,
    message: string,
  ): void => {
    problems.push({
      list,
      version,
      file: `${list}/${file}`,
      problem,
      message: `${list} v${version}: ${message}`,
    });
  };
  // Every data file's hash, to tell a file moved from another version from one edited in place.
  const manifests = new Map<number, { signed: SignedManifest; hash: string }>();
  for (let version = 1; version <= last; version += 1) {
    const text = await folder.readText(`${list}/${manifestFileName(version)}`);
    const signed = text === undefined ? undefined : parseSignedManifest(text);
    if (signed !== undefined)
      manifests.set(version, { signed, hash: manifestHash(signed.manifest) });
  }
  const fileOwners = new Map<string, string>();
  for (const [version, { signed }] of manifests) {
    for (const f of signed.manifest.files) fileOwners.set(f.sha256, `v${version}'s ${f.name}`);
  }

  let headHash = '';
  for (let version = 1; version <= last; version += 1) {
    const name = manifestFileName(version);
    const recorded = ledger.get(version);
    const text = await folder.readText(`${list}/${name}`);
    if (text === undefined) {
      report(
        version,
        name,
        'missing',
        `${name} is missing: ${recorded ? 'the ledger records this version' : 'a later version follows it'}`,
      );
      continue;
    }
    const found = manifests.get(version);
    if (found === undefined) {
      report(version, name, 'altered', `${name} was altered: it is not a signed manifest`);
      continue;
    }
    const { signed, hash } = found;
    const m = signed.manifest;
    headHash = hash;
    if (m.list !== list || m.version !== version) {
      report(
        version,
        name,
        'reordered',
        `${name} holds ${m.list} version ${m.version}: versions were swapped or moved`,
      );
      continue;
    }
    if (text !== manifestText(signed) || signed.manifestSha256 !== hash) {
      report(
        version,
        name,
        'altered',
        `${name} was altered: its bytes are not the canonical manifest its hash and signature cover`,
      );
      continue;
    }
    // Each version is checked with the key it names (keys rotate: old versions keep theirs).
    const key = keys.trusted.get(m.keyId);
    const named = `${m.keyId.slice(0, 16)}…`;
    if (key === undefined) {
      report(
        version,
        name,
        'signature',
        keys.recorded.size === 0
          ? 'the ledger holds no authority key to check the signature with'
          : keys.recorded.has(m.keyId)
            ? `${name} is not signed by the authority's key: it names key ${named}, which the chain of authority keys does not vouch for`
            : `${name} is not signed by the authority's key: it names key ${named}, which the ledger does not record`,
      );
    } else if (!verifyText(canonicalJson(m), signed.signature.value, key)) {
      report(
        version,
        name,
        'signature',
        `${name} is not signed by the authority's key ${named} that it names`,
      );
    }
    if (recorded === undefined) {
      report(
        version,
        name,
        'unrecorded',
        `the ledger has no record of version ${version}: it was not published by this authority`,
      );
    } else if (recorded.manifestSha256 !== hash) {
      report(
        version,
        name,
        'altered',
        `${name} is not the manifest the ledger recorded (${recorded.manifestSha256.slice(0, 16)}…)`,
      );
    }
    const previous =
      version === 1
        ? undefined
        : (manifests.get(version - 1)?.hash ?? ledger.get(version - 1)?.manifestSha256);
    const link = m.previous;
    if (
      version === 1
        ? link !== null
        : link?.version !== version - 1 || link.manifestSha256 !== previous
    ) {
      report(
        version,
        name,
        'chain',
        `${name} does not chain from version ${version - 1}'s manifest`,
      );
    }
    for (const f of m.files) {
      const data = await folder.readBytes(`${list}/${f.name}`);
      if (data === undefined) {
        report(version, f.name, 'missing', `${f.name} is missing`);
        continue;
      }
      const digest = sha256Hex(data);
      if (digest === f.sha256) continue;
      const owner = fileOwners.get(digest);
      if (owner !== undefined)
        report(
          version,
          f.name,
          'reordered',
          `${f.name} holds ${owner}: versions were swapped or moved`,
        );
      else
        report(
          version,
          f.name,
          'altered',
          `${f.name} was altered: its SHA-256 no longer matches the manifest`,
        );
    }
  }
  return headHash;
}

/**
 * The authority keys `verify` trusts: those of the chain the ledger records, anchored in the
 * signer's current key (authority-key.ts). None when the chain does not hold.
 */
export async function trustedAuthorityKeys(
  store: PublicationStore,
  signer: PublicationSigner | undefined,
): Promise<ReadonlyMap<string, AuthorityKeyRecord>> {
  return (await verifyKeys(store, signer, [])).trusted;
}

/** The recorded keys and those the chain vouches for; each problem of the chain is reported. */
async function verifyKeys(
  store: PublicationStore,
  signer: PublicationSigner | undefined,
  problems: PublicationBreak[],
): Promise<VerifyKeys> {
  const records = await store.authorityKeys();
  const current = signer === undefined ? undefined : await signer.currentKey();
  const report = (message: string): void => {
    problems.push({ list: '', version: 0, file: KEYS_FILE, problem: 'key', message });
  };
  const chain = verifyKeyChain(
    records,
    signer === undefined || current === undefined
      ? undefined
      : { keyId: current.keyId, location: signer.location },
  );
  for (const message of chain.problems) report(message);
  let trusted = chain.trusted;
  if (signer !== undefined && current === undefined && records.length > 0) {
    report(
      `there is no key in ${signer.location} to anchor the ${records.length} authority keys the ledger records: verify where the key file is`,
    );
    trusted = new Map();
  }
  return { recorded: new Map(records.map((r) => [r.keyId, r])), trusted };
}

async function verifyIndex(
  folder: PublicationFolder,
  recorded: readonly PublicationSummary[],
  problems: PublicationBreak[],
): Promise<void> {
  const report = (message: string): void => {
    problems.push({
      list: '',
      version: 0,
      file: INDEX_FILE,
      problem: 'index',
      message: `${INDEX_FILE}: ${message}`,
    });
  };
  const text = await folder.readText(INDEX_FILE);
  if (text === undefined) {
    if (recorded.length > 0) report('is missing');
    return;
  }
  let said: string[];
  try {
    const index = JSON.parse(text) as {
      lists?: { list: string; versions: { version: number; manifestSha256: string }[] }[];
    };
    said = (index.lists ?? []).flatMap((l) =>
      l.versions.map((v) => `${l.list} v${v.version} ${v.manifestSha256}`),
    );
  } catch {
    report('is not valid JSON');
    return;
  }
  const expected = recorded.map((s) => `${s.list} v${s.version} ${s.manifestSha256}`);
  const missing = expected.filter((e) => !said.includes(e));
  const extra = said.filter((e) => !expected.includes(e));
  if (missing.length > 0 || extra.length > 0) {
    report(
      `does not list what the ledger records (${missing.length} missing, ${extra.length} not recorded${missing[0] ? `; first missing: ${missing[0].split(' ').slice(0, 2).join(' ')}` : ''})`,
    );
  }
}
