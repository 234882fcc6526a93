// The authority's Ed25519 key: made once by `init` (or by the first `publish` of a store
// initialised before publications existed), kept in the ledger database, used only to sign
// publication manifests. Verifiers take the public half from `/v1/publications/key` or from the
// ledger (`probity verify`); its id is the SHA-256 of the raw 32-byte public key.
//
// Why the database and not a file beside it: `init` and `publish` receive a store, not a path,
// and the store may be PostgreSQL, where "next to the SQLite file" does not exist; the key then
// travels with the ledger's backups (losing it would end the chain's continuity), and every
// process that may publish (the CLI, each server) finds the same key with no extra secret to
// distribute. The cost is that whoever can read the database can sign; the private half is in a
// table of its own, read by `authorityKey()` only, never by a route or a feed, and the signer is
// this one module, so moving the key to a file, an HSM or a KMS later changes nothing else.
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { Instant } from '../../core/time/instant.js';
import type {
  AuthorityKey,
  AuthorityPublicKey,
  PublicationStore,
} from '../ports/publication-store.js';
import { sha256Hex } from '../sha256.js';

/** The raw 32-byte Ed25519 public key of a PEM (SPKI) key. */
export function rawPublicKey(publicKeyPem: string): Buffer {
  const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error('the authority key is not an Ed25519 key');
  }
  return Buffer.from(jwk.x, 'base64url');
}

export const keyIdOf = (publicKeyPem: string): string => sha256Hex(rawPublicKey(publicKeyPem));

export function newAuthorityKey(now: Instant): AuthorityKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    keyId: keyIdOf(publicKey),
    algorithm: 'Ed25519',
    publicKeyPem: publicKey,
    privateKeyPem: privateKey,
    createdAt: now,
  };
}

/** The stored key, made and stored first if there is none (idempotent; concurrent callers agree). */
export async function ensureAuthorityKey(
  store: PublicationStore,
  now: Instant,
): Promise<AuthorityKey> {
  return (await store.authorityKey()) ?? store.saveAuthorityKey(newAuthorityKey(now));
}

/** Base64 Ed25519 signature of the text's UTF-8 bytes. */
export function signText(text: string, key: AuthorityKey): string {
  return sign(null, Buffer.from(text, 'utf8'), key.privateKeyPem).toString('base64');
}

export function verifyText(text: string, signature: string, key: AuthorityPublicKey): boolean {
  try {
    return verify(
      null,
      Buffer.from(text, 'utf8'),
      key.publicKeyPem,
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}
