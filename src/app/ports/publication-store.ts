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

export interface PublicationStore {
  /** The key recorded last (the one publications are signed with now). */
  authorityPublicKey(): Promise<AuthorityPublicKey | undefined>;
  /** Every key recorded, in the order recorded. */
  authorityKeys(): Promise<AuthorityKeyRecord[]>;
  /** Records a public key; a key recorded already (same id) is left as it is. */
  recordAuthorityKey(key: AuthorityKeyRecord): Promise<void>;
  /** A (list, version) taken already is a DomainError `PublicationConflict`, nothing written. */
  insertPublication(publication: StoredPublication): Promise<void>;
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
