// Publications (charter C13, C14): the authority's signing key, and every version of every public
// list as it was published, so that the hash chain and the public index survive a lost
// publications directory and the HTTP API answers from the ledger rather than from a folder.
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

/** The key pair: the private half never leaves the store except to sign a manifest. */
export interface AuthorityKey extends AuthorityPublicKey {
  /** PKCS#8, PEM. */
  readonly privateKeyPem: string;
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

export interface PublicationStore {
  authorityPublicKey(): Promise<AuthorityPublicKey | undefined>;
  authorityKey(): Promise<AuthorityKey | undefined>;
  /** Stores the key unless one is stored already; returns the one stored (first writer wins). */
  saveAuthorityKey(key: AuthorityKey): Promise<AuthorityKey>;
  /** A (list, version) taken already is a DomainError `PublicationConflict`, nothing written. */
  insertPublication(publication: StoredPublication): Promise<void>;
  latestPublication(list: string): Promise<StoredPublication | undefined>;
  publication(list: string, version: number): Promise<StoredPublication | undefined>;
  /** Every version of every list, by list then version. */
  publications(): Promise<PublicationSummary[]>;
}
