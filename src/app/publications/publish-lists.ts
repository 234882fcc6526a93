// `publish`: the next version of each public list (charter C13, C14). For each public list of
// the policy in force at `at`, version n = the last published + 1 holds the list's entries as of
// `at`, masked and reduced to what the list's legal basis requires; its delta against n−1 names
// who was added, who was removed (repaired, revoked, fulfilled, expired: C14) and whose entry
// changed. The version is recorded in the ledger first (which claims n: a second publisher is
// refused), then its files are written, each atomically; the manifest is signed with the
// authority's key (through the signer: the private key is never in the ledger) and chains to
// version n−1's manifest hash.
//
// Previous versions' files missing from the directory (a new or lost directory) are written back
// from the ledger, so a directory `publish` wrote to always holds every version and verifies.
// Files that exist are never overwritten: a tampered file stays for `verify` to find. The
// directory is a port (`PublicationFolder`); its file system adapter is in src/io.
import { DomainError } from '../../core/errors/domain-error.js';
import { maskIdentifier } from '../../core/identifiers/index.js';
import type { CompiledPolicy, PolicyList } from '../../core/policy/index.js';
import { fieldsAt } from '../../core/scoring/index.js';
import { formatInstant, type Instant } from '../../core/time/instant.js';
import type { Engine } from '../../engine/index.js';
import type { DocumentReader, LedgerReader } from '../ports/ledger-store.js';
import type { PublicationFolder } from '../ports/publication-files.js';
import type { PublicationStore, StoredPublication } from '../ports/publication-store.js';
import type { ScoringContext } from '../standing/scoring-context.js';
import type { PublicationSigner } from '../ports/publication-signer.js';
import { ensureSigningKey } from './authority-key.js';
import { searchableEntries } from './publication-search-terms.js';
import {
  canonicalJson,
  csvFileName,
  dataFileName,
  deltaFileName,
  documentText,
  entriesCsv,
  fileOf,
  INDEX_FILE,
  LIST_ID,
  manifestFileName,
  manifestHash,
  manifestText,
  PUBLICATION_FORMAT,
  type ListDocument,
  type Manifest,
  type ManifestSources,
  type PublicationDelta,
  type PublishedEntry,
} from './publication-format.js';

export const DEFAULT_PUBLICATIONS_DIR = './data/publications/';
export const INDEX_FORMAT = 'probity-publications-index/1';

/** The record fields that carry case references (C13: no other field is published). */
const CASE_REFERENCE_FIELDS = ['caseNumber', 'decisionNumber'] as const;

export interface PublishOptions {
  /** One public list; every public list of the policy in force at `at` by default. */
  readonly list?: string | undefined;
  /** The instant the entries are as of. */
  readonly at: Instant;
  /** When the publication is made (default: `at`). */
  readonly publishedAt?: Instant | undefined;
}

export interface PublishedVersion {
  readonly list: string;
  readonly version: number;
  readonly entries: number;
  /** Paths relative to the publications directory, `/`-separated, the manifest last. */
  readonly files: readonly string[];
  readonly at: string;
  readonly manifestSha256: string;
  readonly added: number;
  readonly removed: number;
  readonly modified: number;
}

export interface PublishResult {
  readonly publications: readonly PublishedVersion[];
  /** Files of earlier versions written back from the ledger. */
  readonly restored: readonly string[];
  readonly keyId: string;
}

interface Member {
  readonly subject: string;
  readonly entry: PublishedEntry;
}

/** What publishing reads and records in the ledger. */
export type PublishStore = LedgerReader & PublicationStore & DocumentReader;

export async function publishLists(
  store: PublishStore,
  engine: Engine,
  context: ScoringContext,
  folder: PublicationFolder,
  signer: PublicationSigner,
  options: PublishOptions,
): Promise<PublishResult> {
  const { at } = options;
  const publishedAt = options.publishedAt ?? at;
  const policy = context.policyAt(at);
  const lists = policy.lists.filter((l) => l.public);
  let chosen = lists;
  if (options.list !== undefined) {
    const list = policy.listsById.get(options.list);
    if (list === undefined)
      throw new DomainError(
        'UnknownList',
        `policy ${policy.id} v${policy.version} has no list "${options.list}"`,
      );
    if (!list.public)
      throw new DomainError(
        'ListNotPublic',
        `list "${list.id}" is not public: it is never published`,
      );
    chosen = [list];
  }
  for (const list of chosen) {
    if (!LIST_ID.test(list.id))
      throw new DomainError('UnknownList', `list id "${list.id}" cannot name a folder`);
  }
  const sources = await sourcesOf(store, context, policy);
  const key = await ensureSigningKey(signer, store, publishedAt);
  const restored = await restoreMissingFiles(store, folder);

  const publications: PublishedVersion[] = [];
  for (const list of chosen) {
    const previous = await store.latestPublication(list.id);
    if (previous !== undefined && at < previous.at) {
      throw new DomainError(
        'PublicationBeforePrevious',
        `list "${list.id}" version ${previous.version} is as of ${formatInstant(previous.at)}: the next cannot be as of an earlier ${formatInstant(at)}`,
      );
    }
    const members = await membersOf(store, engine, list, at);
    const version = (previous?.version ?? 0) + 1;
    const atText = formatInstant(at);
    const document: ListDocument = {
      format: PUBLICATION_FORMAT,
      list: list.id,
      label: list.label,
      legalBasis: list.legalBasis,
      version,
      at: atText,
      entries: members.map((m) => m.entry),
    };
    const delta = deltaOf(list.id, version, atText, previous, members);
    const contents: Record<string, string> = {
      [dataFileName(version)]: documentText(document),
      [csvFileName(version)]: entriesCsv(document.entries),
      [deltaFileName(version)]: documentText(delta),
    };
    const files = Object.entries(contents).map(([name, text]) => fileOf(name, text));
    const manifest: Manifest = {
      format: PUBLICATION_FORMAT,
      list: list.id,
      label: list.label,
      version,
      at: atText,
      publishedAt: formatInstant(publishedAt),
      entries: members.length,
      files,
      previous:
        previous === undefined
          ? null
          : { version: previous.version, manifestSha256: previous.manifestSha256 },
      keyId: key.keyId,
      sources,
    };
    const manifestSha256 = manifestHash(manifest);
    const signed = await signer.sign(Buffer.from(canonicalJson(manifest), 'utf8'));
    if (signed.keyId !== key.keyId)
      throw new Error(`the signer changed keys while publishing (${signed.keyId.slice(0, 16)}…)`);
    const manifestFile = manifestText({
      manifest,
      manifestSha256,
      signature: {
        algorithm: 'Ed25519',
        keyId: key.keyId,
        value: Buffer.from(signed.signature).toString('base64'),
      },
    });

    await store.insertPublication(
      {
        list: list.id,
        version,
        at,
        publishedAt,
        entries: members.length,
        manifestSha256,
        files,
        manifest: manifestFile,
        contents,
        subjects: members.map((m) => m.subject),
      },
      searchableEntries(document.entries),
    );
    const written = await writeVersion(folder, list.id, version, contents, manifestFile);
    publications.push({
      list: list.id,
      version,
      entries: members.length,
      files: written,
      at: atText,
      manifestSha256,
      added: delta.added.length,
      removed: delta.removed.length,
      modified: delta.modified.length,
    });
  }
  await writeIndex(store, folder, new Map(policy.lists.map((l) => [l.id, l.label])));
  return { publications, restored, keyId: key.keyId };
}

// ---- Entries

async function membersOf(
  store: LedgerReader,
  engine: Engine,
  list: PolicyList,
  at: Instant,
): Promise<Member[]> {
  const members: Member[] = [];
  for (const subject of engine.listMembers(list.id, at)) {
    const reason = engine.evaluate(subject, at).lists.find((l) => l.list === list.id);
    if (reason === undefined) continue;
    const found = await store.findSubject(subject);
    members.push({
      subject,
      entry: {
        subject: maskIdentifier(subject),
        name: found?.name ?? null,
        list: list.id,
        since: reason.since,
        until: reason.until,
        legalBasis: reason.legalBasis,
        caseReferences: await caseReferencesOf(store, reason.records, at),
      },
    });
  }
  // Masked identifiers are not unique: the full one breaks ties (and never leaves the ledger).
  return members.sort(
    (a, b) =>
      compareText(a.entry.subject, b.entry.subject) ||
      compareText(a.entry.name ?? '', b.entry.name ?? '') ||
      compareText(a.subject, b.subject),
  );
}

/** The case and decision numbers of the records, as corrected by `at`, each once, in record order. */
async function caseReferencesOf(
  store: LedgerReader,
  recordIds: readonly number[],
  at: Instant,
): Promise<string[]> {
  const references: string[] = [];
  for (const id of [...recordIds].sort((a, b) => a - b)) {
    const record = await store.findRecord(id);
    if (record === undefined) continue;
    const fields = fieldsAt({ record, events: await store.recordEventsOf(id) }, at);
    for (const field of CASE_REFERENCE_FIELDS) {
      const value = fields[field];
      if (typeof value === 'string' && value !== '' && !references.includes(value))
        references.push(value);
    }
  }
  return references;
}

function deltaOf(
  list: string,
  version: number,
  at: string,
  previous: StoredPublication | undefined,
  members: readonly Member[],
): PublicationDelta {
  const before = new Map<string, PublishedEntry>();
  if (previous !== undefined) {
    const text = previous.contents[dataFileName(previous.version)];
    const entries = text === undefined ? [] : (JSON.parse(text) as ListDocument).entries;
    previous.subjects.forEach((subject, i) => {
      const entry = entries[i];
      if (entry !== undefined) before.set(subject, entry);
    });
  }
  const added: PublishedEntry[] = [];
  const modified: { before: PublishedEntry; after: PublishedEntry }[] = [];
  const now = new Set<string>();
  for (const { subject, entry } of members) {
    now.add(subject);
    const was = before.get(subject);
    if (was === undefined) added.push(entry);
    else if (canonicalJson(was) !== canonicalJson(entry))
      modified.push({ before: was, after: entry });
  }
  const removed = [...before].filter(([subject]) => !now.has(subject)).map(([, entry]) => entry);
  return {
    format: PUBLICATION_FORMAT,
    list,
    version,
    previousVersion: previous?.version ?? null,
    at,
    added,
    removed,
    modified,
  };
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// ---- Files

async function writeVersion(
  folder: PublicationFolder,
  list: string,
  version: number,
  contents: Readonly<Record<string, string>>,
  manifest: string,
): Promise<string[]> {
  const written: string[] = [];
  for (const [name, text] of [
    ...Object.entries(contents),
    [manifestFileName(version), manifest] as const,
  ]) {
    await folder.write(`${list}/${name}`, text);
    written.push(`${list}/${name}`);
  }
  return written;
}

async function restoreMissingFiles(
  store: PublicationStore,
  folder: PublicationFolder,
): Promise<string[]> {
  const restored: string[] = [];
  for (const summary of await store.publications()) {
    if (!LIST_ID.test(summary.list)) continue;
    const names = [...summary.files.map((f) => f.name), manifestFileName(summary.version)];
    const missing: string[] = [];
    for (const name of names)
      if (!(await folder.has(`${summary.list}/${name}`))) missing.push(name);
    if (missing.length === 0) continue;
    const stored = await store.publication(summary.list, summary.version);
    if (stored === undefined) continue;
    for (const name of missing) {
      const text =
        name === manifestFileName(summary.version) ? stored.manifest : stored.contents[name];
      if (text === undefined) continue;
      await folder.write(`${summary.list}/${name}`, text);
      restored.push(`${summary.list}/${name}`);
    }
  }
  return restored;
}

export interface PublicationIndex {
  readonly format: string;
  readonly lists: readonly {
    readonly list: string;
    readonly label: string | null;
    readonly latest: number;
    readonly versions: readonly {
      readonly version: number;
      readonly at: string;
      readonly publishedAt: string;
      readonly entries: number;
      readonly manifestSha256: string;
      readonly manifest: string;
      readonly files: readonly string[];
    }[];
  }[];
}

/** The catalogue and policy versions a publication is computed under, with their texts' SHA-256. */
async function sourcesOf(
  store: DocumentReader,
  context: ScoringContext,
  policy: CompiledPolicy,
): Promise<ManifestSources> {
  const catalog = await store.catalogVersion(context.catalogVersion);
  const stored = (await store.policies()).find(
    (p) => p.policyId === policy.id && p.version === policy.version,
  );
  if (catalog === undefined || stored === undefined) {
    throw new Error(
      `the ledger lost catalogue v${context.catalogVersion} or policy ${policy.id} v${policy.version} while publishing`,
    );
  }
  return {
    catalog: { version: catalog.version, sha256: catalog.digest },
    policy: { id: policy.id, version: policy.version, sha256: stored.digest },
  };
}

/** The index of every list and version the ledger records (labels from the policy, when it has the list). */
export async function publicationIndex(
  store: PublicationStore,
  labels: ReadonlyMap<string, string>,
): Promise<PublicationIndex> {
  const byList = new Map<string, PublicationIndex['lists'][number]['versions'][number][]>();
  for (const s of await store.publications()) {
    const versions = byList.get(s.list) ?? [];
    versions.push({
      version: s.version,
      at: formatInstant(s.at),
      publishedAt: formatInstant(s.publishedAt),
      entries: s.entries,
      manifestSha256: s.manifestSha256,
      manifest: `${s.list}/${manifestFileName(s.version)}`,
      files: s.files.map((f) => `${s.list}/${f.name}`),
    });
    byList.set(s.list, versions);
  }
  return {
    format: INDEX_FORMAT,
    lists: [...byList].map(([list, versions]) => ({
      list,
      label: labels.get(list) ?? null,
      latest: versions[versions.length - 1]?.version ?? 0,
      versions,
    })),
  };
}

async function writeIndex(
  store: PublicationStore,
  folder: PublicationFolder,
  labels: ReadonlyMap<string, string>,
): Promise<void> {
  await folder.write(
    INDEX_FILE,
    `${JSON.stringify(await publicationIndex(store, labels), null, 2)}\n`,
  );
}
