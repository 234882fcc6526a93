// The authority's Ed25519 keys: the private half is held by the signer (a key file outside the
// database, made by `probity init`: app/ports/publication-signer.ts), the ledger records only the
// public halves, in a chain, so that `verify` checks every publication with the key it names and
// a database edit cannot slip a key of its own in.
//
// The chain of keys. Each recorded key carries its statement, signed by itself:
//
//   probity-authority-key/1\nkey <keyId>\ncreated <ISO instant>\nprevious <keyId or none>\n
//
// and, when it was made by `probity key rotate`, the same statement signed by the key it replaced
// (the endorsement). `verify` trusts a key only when the chain holds: one first key, every other
// key endorsed by its predecessor and signed by itself, and the signer's current key among them
// (the anchor: someone who can only write the database has no private key of the chain, so a key
// of their own can neither be endorsed nor made to look like a predecessor of the real one).
// A key id is the SHA-256 of the raw 32-byte public key.
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { DomainError } from '../../core/errors/domain-error.js';
import { formatInstant, type Instant } from '../../core/time/instant.js';
import type {
  PendingSigningKey,
  PublicationSigner,
  SigningKey,
} from '../ports/publication-signer.js';
import type {
  AuthorityKeyRecord,
  LegacyAuthorityKey,
  PublicationStore,
} from '../ports/publication-store.js';
import { sha256Hex } from '../sha256.js';

const STATEMENT_FORMAT = 'probity-authority-key/1';

/** The raw 32-byte Ed25519 public key of a PEM (SPKI) key. */
export function rawPublicKey(publicKeyPem: string): Buffer {
  const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error('the authority key is not an Ed25519 key');
  }
  return Buffer.from(jwk.x, 'base64url');
}

export const keyIdOf = (publicKeyPem: string): string => sha256Hex(rawPublicKey(publicKeyPem));

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** Whether `signature` (base64) is the public key's Ed25519 signature of the text's UTF-8 bytes. */
export function verifyText(
  text: string,
  signature: string,
  key: { readonly publicKeyPem: string },
): boolean {
  try {
    return verify(null, utf8(text), key.publicKeyPem, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** What a key signs of itself (and its predecessor endorses). */
export function keyStatement(
  keyId: string,
  createdAt: Instant,
  previousKeyId: string | null,
): string {
  return `${STATEMENT_FORMAT}\nkey ${keyId}\ncreated ${formatInstant(createdAt)}\nprevious ${previousKeyId ?? 'none'}\n`;
}

type Sign = (bytes: Uint8Array) => Promise<{ readonly signature: Uint8Array }>;

/** The record of a key: signed by itself, endorsed by `previous` (the key it replaces) if any. */
export async function keyRecord(
  key: SigningKey,
  createdAt: Instant,
  signSelf: Sign,
  previous?: { readonly keyId: string; readonly sign: Sign },
): Promise<AuthorityKeyRecord> {
  const statement = utf8(keyStatement(key.keyId, createdAt, previous?.keyId ?? null));
  return {
    keyId: key.keyId,
    algorithm: 'Ed25519',
    publicKeyPem: key.publicKeyPem,
    createdAt,
    previousKeyId: previous?.keyId ?? null,
    endorsement: previous ? base64((await previous.sign(statement)).signature) : null,
    selfSignature: base64((await signSelf(statement)).signature),
  };
}

/**
 * The signer's key, made first if there is none, and recorded in the ledger if it is not yet
 * (`init`, and the first `publish` of a store set up before). A key the ledger does not know while
 * it knows others is refused: it would start a second chain (a lost or wrong key file).
 */
export async function ensureSigningKey(
  signer: PublicationSigner,
  store: PublicationStore,
  now: Instant,
): Promise<SigningKey> {
  const key = (await signer.currentKey()) ?? (await signer.createKey());
  const recorded = await store.authorityKeys();
  if (recorded.some((k) => k.keyId === key.keyId)) return key;
  if (recorded.length > 0) {
    throw new DomainError(
      'AuthorityKeyUnknown',
      `the key in ${signer.location} (${key.keyId.slice(0, 16)}…) is not one of the ${recorded.length} authority keys this ledger records: restore the key file from its backup, or name the right one with PROBITY_KEY_FILE / --key-file`,
    );
  }
  await store.recordAuthorityKey(await keyRecord(key, now, (bytes) => signer.sign(bytes)));
  return key;
}

/** A rotation: the next key, endorsed by the current one and recorded, then made current. */
export async function rotateSigningKey(
  signer: PublicationSigner,
  store: PublicationStore,
  now: Instant,
): Promise<{ readonly previous: SigningKey; readonly next: SigningKey }> {
  const previous = await signer.currentKey();
  if (previous === undefined)
    throw new DomainError(
      'AuthorityKeyMissing',
      `there is no authority key in ${signer.location} to rotate: run \`probity init\` first`,
    );
  await ensureSigningKey(signer, store, now);
  const pending: PendingSigningKey = await signer.prepareNextKey();
  // Recorded before it takes over: a crash in between leaves a recorded key never used, and the
  // signer still on the old one, which the ledger knows.
  await store.recordAuthorityKey(
    await keyRecord(pending.key, now, (bytes) => pending.sign(bytes), {
      keyId: previous.keyId,
      sign: (bytes) => signer.sign(bytes),
    }),
  );
  await pending.activate();
  return { previous, next: pending.key };
}

/**
 * Moves a private key out of an older store: the signer takes it (a key file is written with it
 * when there is none), and the ledger keeps its public half as the first key of the chain. When the
 * signer holds another key already, that key is recorded as the next one, endorsed by the old key
 * (whose private half is then dropped with the database column): publications signed so far keep
 * verifying, and the new ones chain on.
 */
export async function adoptLegacyKey(
  signer: PublicationSigner,
  legacy: LegacyAuthorityKey,
  now: Instant,
): Promise<AuthorityKeyRecord[]> {
  if (signer.adoptKey === undefined)
    throw new Error(
      `the store keeps the authority's private key in its database, and the signer at ${signer.location} cannot take it over`,
    );
  const privateKey = createPrivateKey(legacy.privateKeyPem);
  const signLegacy: Sign = (bytes) => Promise.resolve({ signature: sign(null, bytes, privateKey) });
  const legacyKey: SigningKey = {
    keyId: legacy.keyId,
    algorithm: 'Ed25519',
    publicKeyPem: legacy.publicKeyPem,
  };
  const first = await keyRecord(legacyKey, legacy.createdAt, signLegacy);
  const adopted = await signer.adoptKey(legacy.privateKeyPem);
  const current = await signer.currentKey();
  if (adopted || current === undefined || current.keyId === legacy.keyId) return [first];
  const next = await keyRecord(current, now, (bytes) => signer.sign(bytes), {
    keyId: legacy.keyId,
    sign: signLegacy,
  });
  return [first, next];
}

/** What the chain of keys says: the keys it trusts, and each problem found. */
export interface KeyChainReport {
  readonly trusted: ReadonlyMap<string, AuthorityKeyRecord>;
  readonly problems: readonly string[];
}

/**
 * Checks the recorded keys: ids, self-signatures, endorsements, one first key, and the anchor (the
 * signer's current key) among them. A key is trusted when it and every key before it hold.
 */
export function verifyKeyChain(
  records: readonly AuthorityKeyRecord[],
  anchor: { readonly keyId: string; readonly location: string } | undefined,
): KeyChainReport {
  const problems: string[] = [];
  const byId = new Map(records.map((r) => [r.keyId, r]));
  const sound = (r: AuthorityKeyRecord): boolean => {
    let id: string;
    try {
      id = keyIdOf(r.publicKeyPem);
    } catch {
      problems.push(`authority key ${r.keyId.slice(0, 16)}… is not an Ed25519 public key`);
      return false;
    }
    if (id !== r.keyId) {
      problems.push(
        `authority key ${r.keyId.slice(0, 16)}… was altered: its public key has id ${id.slice(0, 16)}…`,
      );
      return false;
    }
    const statement = keyStatement(r.keyId, r.createdAt, r.previousKeyId);
    if (!verifyText(statement, r.selfSignature, r)) {
      problems.push(
        `authority key ${r.keyId.slice(0, 16)}… was altered: its record is not signed by itself`,
      );
      return false;
    }
    if (r.previousKeyId === null) return true;
    const previous = byId.get(r.previousKeyId);
    if (previous === undefined || r.endorsement === null) {
      problems.push(
        `authority key ${r.keyId.slice(0, 16)}… names a previous key ${r.previousKeyId.slice(0, 16)}… that did not endorse it`,
      );
      return false;
    }
    if (!verifyText(statement, r.endorsement, previous)) {
      problems.push(
        `authority key ${r.keyId.slice(0, 16)}… is not endorsed by the key it claims to replace (${r.previousKeyId.slice(0, 16)}…)`,
      );
      return false;
    }
    return true;
  };
  const ok = new Set(records.filter(sound).map((r) => r.keyId));
  const firsts = records.filter((r) => r.previousKeyId === null);
  if (firsts.length > 1) {
    problems.push(
      `the ledger records ${firsts.length} first authority keys (${firsts.map((r) => `${r.keyId.slice(0, 16)}…`).join(', ')}): only one can be the authority's`,
    );
  }
  const trusted = new Map<string, AuthorityKeyRecord>();
  if (firsts.length === 1) {
    for (const r of records) {
      let link: AuthorityKeyRecord | undefined = r;
      let steps = 0;
      while (link !== undefined && ok.has(link.keyId) && steps <= records.length) {
        if (link.previousKeyId === null) break;
        link = byId.get(link.previousKeyId);
        steps += 1;
      }
      if (link !== undefined && ok.has(link.keyId) && link.previousKeyId === null)
        trusted.set(r.keyId, r);
    }
  }
  if (anchor !== undefined && records.length > 0 && !trusted.has(anchor.keyId)) {
    problems.push(
      `the key in ${anchor.location} (${anchor.keyId.slice(0, 16)}…) is not a key of the chain the ledger records: the recorded keys cannot be trusted`,
    );
    trusted.clear();
  }
  return { trusted, problems };
}
