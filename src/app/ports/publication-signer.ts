// The authority's signing key, behind a port (charter C13, C14): whatever signs publication
// manifests holds the private half and never hands it out; the application sees only signatures
// and public keys. The adapter shipped is a key file outside the database (src/io/key-file-signer.ts,
// `PROBITY_KEY_FILE`, made by `probity init` with mode 0600); a KMS or an HSM adapter implements
// the same few methods. The ledger keeps only the public keys (PublicationStore), to verify with.

/** The public half of a signing key, as the signer names it. */
export interface SigningKey {
  /** SHA-256 (hex) of the raw 32-byte Ed25519 public key. */
  readonly keyId: string;
  readonly algorithm: 'Ed25519';
  /** SPKI, PEM. */
  readonly publicKeyPem: string;
}

/** What signing gives back: the signature and the key that made it. */
export interface Signature extends SigningKey {
  /** The raw 64-byte Ed25519 signature. */
  readonly signature: Uint8Array;
}

/** A key made for a rotation, not yet the one `sign` uses. */
export interface PendingSigningKey {
  readonly key: SigningKey;
  /** Signs with the new key (to endorse its own record before it takes over). */
  sign(bytes: Uint8Array): Promise<Signature>;
  /** Makes the new key the signer's key; the old private half is destroyed. */
  activate(): Promise<void>;
}

/**
 * Signs publication manifests with the authority's key.
 * @example
 * const key = (await signer.currentKey()) ?? (await signer.createKey());
 * const { signature, keyId } = await signer.sign(Buffer.from(canonicalJson(manifest), 'utf8'));
 */
export interface PublicationSigner {
  /** Where the key is kept (a file path, a KMS key name), for messages and reports. */
  readonly location: string;
  /** The key `sign` uses; undefined while there is none (before `probity init`). */
  currentKey(): Promise<SigningKey | undefined>;
  /** Makes the key when there is none (`init`); the one there otherwise. */
  createKey(): Promise<SigningKey>;
  /** Signs with the current key; `AuthorityKeyMissing` when there is none. */
  sign(bytes: Uint8Array): Promise<Signature>;
  /** Makes the next key for a rotation, without making it current yet. */
  prepareNextKey(): Promise<PendingSigningKey>;
  /**
   * Takes over a private key that an older store kept in its database (migration 0008), unless
   * the signer holds a key already. True when the signer now holds that key; false when it kept
   * its own. Adapters that cannot import a key leave it out, and such a store is refused.
   */
  adoptKey?(privateKeyPem: string): Promise<boolean>;
}
