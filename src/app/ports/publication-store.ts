// Publications (charter C13, C14): the authority's PUBLIC keys (never a private half: the signer
// holds that, app/ports/publication-signer.ts), and every version of every public list as it was
// published, so that the hash chain and the public index survive a lost publications directory
// and the HTTP API answers from the ledger rather than from a folder.
import type { Instant } from '../../core/time/instant.js';

/** The authority's public key, as verifiers receive it. */
export interface AuthorityPublicKey {
  /** SHA-256 (hex) of the raw 32-byte Ed25519 public key. */
  readonly keyId: string;
  readonly algorithm: 'Ed25519';
  /** SPKI, PEM. */
  readonly publicKeyPem: string;
  readonly createdAt: Instant;
}

/**
 * A public key as the ledger records it, in the chain of keys (app/publications/authority-key.ts):
 * each key signs its own statement, and a key made by rotation is endorsed by the one it replaced.
 */
export interface AuthorityKeyRecord extends AuthorityPublicKey {
  /** The key this one replaced; null for the first key. */
  readonly previousKeyId: string | null;
  /** The previous key's signature of this key's statement (base64); null for the first key. */
  readonly endorsement: string | null;
  /** This key's own signature of its statement (base64). */
  readonly selfSignature: string;
}

/** One file of a version: its name within the list's folder, SHA-256 (hex) and size. */
export interface PublishedFile {
  readonly name: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** What the index of publications says about one version. */
export interface PublicationSummary {
  readonly list: string;
  readonly version: number;
  /** The instant the entries are as of. */
  readonly at: Instant;
  /** When it was published (the clock of `publish`). */
  readonly publishedAt: Instant;
  readonly entries: number;
  /** SHA-256 (hex) of the canonical manifest: the link the next version chains from. */
  readonly manifestSha256: string;
  readonly files: readonly PublishedFile[];
}

export interface StoredPublication extends PublicationSummary {
  /** The manifest file exactly as written (manifest and signature). */
  readonly manifest: string;
  /** Every file's text by name, exactly as written. */
  readonly contents: Readonly<Record<string, string>>;
  /**
   * The full identifiers of the entries, in the order of the entries: never published, kept to
   * compute the next version's delta (masked identifiers are not unique).
   */
  readonly subjects: readonly string[];
}

/**
 * One entry of a list's latest version as the public search finds it (migration 0013): its place
 * in the version's entries, the entry's JSON exactly as the version's data file holds it, and
 * the terms it is found by (app/publications/publication-search-terms.ts).
 */
export interface SearchableEntry {
  readonly ordinal: number;
  readonly entry: string;
  readonly terms: readonly string[];
}

/** A search of the latest versions' entries: a term whole, or a term prefix. */
export interface PublishedEntrySearch {
  readonly term: { readonly exact: string } | { readonly prefix: string };
  /** One list only. */
  readonly list?: string | undefined;
  /** Only entries after this one, in the order of (list, ordinal). */
  readonly after?: { readonly list: string; readonly ordinal: number } | undefined;
  readonly limit: number;
}

export interface FoundEntry {
  readonly list: string;
  readonly version: number;
  readonly ordinal: number;
  /** The entry's JSON as published. */
  readonly entry: string;
}

export interface PublicationStore {
  /** The key recorded last (the one publications are signed with now). */
  authorityPublicKey(): Promise<AuthorityPublicKey | undefined>;
  /** Every key recorded, in the order recorded. */
  authorityKeys(): Promise<AuthorityKeyRecord[]>;
  /** Records a public key; a key recorded already (same id) is left as it is. */
  recordAuthorityKey(key: AuthorityKeyRecord): Promise<void>;
  /**
   * Records a version and, in the same transaction, makes `searchable` (its entries) the list's
   * entries for the public search in place of the previous version's. A (list, version) taken
   * already is a DomainError `PublicationConflict`, nothing written.
   */
  insertPublication(
    publication: StoredPublication,
    searchable: readonly SearchableEntry[],
  ): Promise<void>;
  /**
   * The entries of the latest version of each list (or of one) with a term matching, in the
   * order of (list, ordinal), at most `limit`; an index range read, never a scan of the entries.
   */
  searchPublishedEntries(search: PublishedEntrySearch): Promise<FoundEntry[]>;
  latestPublication(list: string): Promise<StoredPublication | undefined>;
  publication(list: string, version: number): Promise<StoredPublication | undefined>;
  /** Every version of every list, by list then version. */
  publications(): Promise<PublicationSummary[]>;
}

/** The private key an older store kept in its database, as migration 0008 finds it. */
export interface LegacyAuthorityKey {
  readonly keyId: string;
  readonly publicKeyPem: string;
  /** PKCS#8, PEM. */
  readonly privateKeyPem: string;
  readonly createdAt: Instant;
}

/**
 * What migrating needs from outside the database: where a private key found in it goes (the
 * composition root hands it to the signer, app/publications/authority-key.ts `adoptLegacyKey`),
 * and the public key records to keep instead. Without it, such a store is refused.
 */
export interface MigrateOptions {
  readonly adoptLegacyKey?: (key: LegacyAuthorityKey) => Promise<readonly AuthorityKeyRecord[]>;
}
