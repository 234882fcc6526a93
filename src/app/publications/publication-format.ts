// The files of a publication (charter C13: only what the list's legal basis requires) and the
// byte-exact rules that make them verifiable by anyone, in any language:
//
//   <list>/v<n>.json           the entries as of `at` (pretty JSON)
//   <list>/v<n>.csv            the same entries, one row each (RFC 4180, formulas neutralised)
//   <list>/v<n>.delta.json     added, removed and modified against version n−1 (C14)
//   <list>/v<n>.manifest.json  {"manifest","manifestSha256","signature"} in canonical JSON
//   index.json                 every list and version (a convenience, derived from the ledger)
//
// The manifest lists each data file with its SHA-256 over the exact bytes written, the previous
// version's manifest hash (the chain), the id of the signing key, and the catalogue and policy
// versions the list was computed under with the SHA-256 of their texts (`sources`). Its hash and its Ed25519
// signature are both over its canonical JSON: keys sorted, no whitespace (RFC 8785 for the
// strings and integers a manifest holds). The manifest file itself must be exactly the canonical
// JSON of what it holds plus a newline, so no byte of it can change unnoticed either.
import type { PublishedFile } from '../ports/publication-store.js';
import { sha256Hex } from '../sha256.js';

export const PUBLICATION_FORMAT = 'probity-publication/1';
export const INDEX_FILE = 'index.json';

/** One subject on one public list, masked: nothing beyond these fields is ever published. */
export interface PublishedEntry {
  /** The masked identifier (persons: birth date hidden; organisations: the code as is). */
  readonly subject: string;
  readonly name: string | null;
  readonly list: string;
  readonly since: string;
  readonly until: string | null;
  readonly legalBasis: string;
  /** Case and decision numbers of the qualifying records (their `caseNumber`, `decisionNumber`). */
  readonly caseReferences: readonly string[];
}

export interface ListDocument {
  readonly format: string;
  readonly list: string;
  readonly label: string;
  readonly legalBasis: string;
  readonly version: number;
  readonly at: string;
  readonly entries: readonly PublishedEntry[];
}

export interface PublicationDelta {
  readonly format: string;
  readonly list: string;
  readonly version: number;
  /** null for the first version (everything is `added`). */
  readonly previousVersion: number | null;
  readonly at: string;
  readonly added: readonly PublishedEntry[];
  /** The entries as version n−1 published them: repaired, revoked, fulfilled, expired... */
  readonly removed: readonly PublishedEntry[];
  readonly modified: readonly { readonly before: PublishedEntry; readonly after: PublishedEntry }[];
}

export interface Manifest {
  readonly format: string;
  readonly list: string;
  readonly label: string;
  readonly version: number;
  readonly at: string;
  readonly publishedAt: string;
  readonly entries: number;
  readonly files: readonly PublishedFile[];
  /** The link of the chain: null for version 1. */
  readonly previous: { readonly version: number; readonly manifestSha256: string } | null;
  /** SHA-256 (hex) of the raw Ed25519 public key that signs it. */
  readonly keyId: string;
  /**
   * The documents the version was computed under, as the ledger holds them: the catalogue in force
   * and the policy in force at `at`, each with the SHA-256 (hex) of its exact text. Signed with
   * the rest, so a reader can tell which catalogue and rules a list came from. Absent from
   * versions published before the manifest carried it.
   */
  readonly sources?: ManifestSources;
}

export interface ManifestSources {
  readonly catalog: { readonly version: number; readonly sha256: string };
  readonly policy: { readonly id: string; readonly version: number; readonly sha256: string };
}

export interface SignedManifest {
  readonly manifest: Manifest;
  /** SHA-256 (hex) of canonicalJson(manifest). */
  readonly manifestSha256: string;
  readonly signature: {
    readonly algorithm: 'Ed25519';
    readonly keyId: string;
    /** Base64 Ed25519 signature of canonicalJson(manifest). */
    readonly value: string;
  };
}

export const dataFileName = (version: number): string => `v${version}.json`;
export const csvFileName = (version: number): string => `v${version}.csv`;
export const deltaFileName = (version: number): string => `v${version}.delta.json`;
export const manifestFileName = (version: number): string => `v${version}.manifest.json`;

/** `v12.json`, `v12.manifest.json`... → 12; undefined for any other name. */
export function versionOfFileName(name: string): number | undefined {
  const match = /^v([1-9]\d*)\.(json|csv|delta\.json|manifest\.json)$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** List ids become folder names: only plain ids are accepted (never `..` or a slash). */
export const LIST_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new Error(`canonical JSON holds integers only, not ${value}`);
  }
  return JSON.stringify(value);
}

export const manifestHash = (manifest: Manifest): string => sha256Hex(canonicalJson(manifest));

export const manifestText = (signed: SignedManifest): string => `${canonicalJson(signed)}\n`;

export const documentText = (value: ListDocument | PublicationDelta): string =>
  `${JSON.stringify(value, null, 2)}\n`;

const CSV_COLUMNS = [
  'subject',
  'name',
  'list',
  'since',
  'until',
  'legalBasis',
  'caseReferences',
] as const;

/**
 * A cell a spreadsheet would read as a formula (OWASP, CSV injection: `=`, `+`, `-`, `@`, tab,
 * carriage return) gets a leading single quote, and so does a cell already beginning with one:
 * every CSV cell beginning with `'` carries exactly one added quote, so a reader who drops it
 * gets the exact value, which the JSON holds untouched. All columns are text (masked identifiers,
 * names, dates, case numbers): no number is published, so no negative number is altered.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

function csvField(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 with a header row; case references joined by "; "; formulas neutralised. */
export function entriesCsv(entries: readonly PublishedEntry[]): string {
  const rows = entries.map((e) =>
    [
      e.subject,
      e.name ?? '',
      e.list,
      e.since,
      e.until ?? '',
      e.legalBasis,
      e.caseReferences.join('; '),
    ]
      .map(csvField)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].map((row) => `${row}\r\n`).join('');
}

export function fileOf(name: string, text: string): PublishedFile {
  return { name, sha256: sha256Hex(text), bytes: Buffer.byteLength(text, 'utf8') };
}
