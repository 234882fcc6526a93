// The authority's signing key in a key file outside the database (the `PublicationSigner` port):
// an Ed25519 private key, PKCS#8 PEM, readable by its owner only (mode 0600), at the path the
// settings name (`PROBITY_KEY_FILE` / `--key-file`; by default `authority-key.pem` beside a
// SQLite ledger). `probity init` makes it; nothing else writes it but a rotation and the move of
// a key out of an older store. Each is written whole under a temporary name first and then put
// in place (a link that never replaces an existing key, or, for a rotation, a rename), so a
// crash leaves either the old key or the new one, never half a file. The file is read on each use,
// so a rotation by another process is seen at once. The public half is derived from it.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import { chmod, link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type {
  PendingSigningKey,
  PublicationSigner,
  Signature,
  SigningKey,
} from '../app/ports/publication-signer.js';
import { keyIdOf } from '../app/publications/authority-key.js';
import { DomainError } from '../core/errors/domain-error.js';

const KEY_FILE_MODE = 0o600;
const KEY_DIR_MODE = 0o700;

interface LoadedKey extends SigningKey {
  readonly privateKey: KeyObject;
}

const isMissing = (error: unknown): boolean =>
  (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
const isTaken = (error: unknown): boolean =>
  (error as NodeJS.ErrnoException | undefined)?.code === 'EEXIST';

function loaded(privateKey: KeyObject, path: string): LoadedKey {
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new DomainError(
      'FileNotReadable',
      `the key file ${path} does not hold an Ed25519 private key`,
    );
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
  return {
    keyId: keyIdOf(publicKeyPem.toString()),
    algorithm: 'Ed25519',
    publicKeyPem: publicKeyPem.toString(),
    privateKey,
  };
}

function parse(pem: string, path: string): LoadedKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new DomainError(
      'FileNotReadable',
      `the key file ${path} does not hold a private key (PKCS#8 PEM)`,
    );
  }
  return loaded(privateKey, path);
}

function newKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Writes `text` to `path` with mode 0600, synced to disk. `exclusive`: fail if it exists. */
async function writeKeyFile(path: string, text: string, exclusive: boolean): Promise<void> {
  const file = await open(path, exclusive ? 'wx' : 'w', KEY_FILE_MODE);
  try {
    await file.writeFile(text, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  // A stale file of the same name keeps its mode through 'w': set it.
  await chmod(path, KEY_FILE_MODE);
}

/** The signer over the key file at `path`. */
export function keyFileSigner(path: string): PublicationSigner {
  const read = async (): Promise<LoadedKey | undefined> => {
    let pem: string;
    try {
      pem = await readFile(path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new DomainError(
        'FileNotReadable',
        `the key file ${path} cannot be read: ${(error as Error).message}`,
      );
    }
    return parse(pem, path);
  };

  /** Puts a new key file in place unless one is there; true when this one was put there. */
  const place = async (pem: string): Promise<boolean> => {
    await mkdir(dirname(path), { recursive: true, mode: KEY_DIR_MODE });
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeKeyFile(temporary, pem, true);
    try {
      await link(temporary, path);
      return true;
    } catch (error) {
      if (isTaken(error)) return false;
      throw error;
    } finally {
      await rm(temporary, { force: true });
    }
  };

  const publicOf = ({ keyId, algorithm, publicKeyPem }: LoadedKey): SigningKey => ({
    keyId,
    algorithm,
    publicKeyPem,
  });
  const signWith = (key: LoadedKey, bytes: Uint8Array): Signature => ({
    ...publicOf(key),
    signature: new Uint8Array(sign(null, bytes, key.privateKey)),
  });

  return {
    location: path,

    async currentKey() {
      const key = await read();
      return key && publicOf(key);
    },

    async createKey() {
      const existing = await read();
      if (existing !== undefined) return publicOf(existing);
      await place(newKeyPem());
      const key = await read();
      if (key === undefined) throw new Error(`the key file ${path} was not written`);
      return publicOf(key);
    },

    async sign(bytes) {
      const key = await read();
      if (key === undefined)
        throw new DomainError(
          'AuthorityKeyMissing',
          `there is no authority key in ${path}: run \`probity init\` (or name the key file with PROBITY_KEY_FILE / --key-file)`,
        );
      return signWith(key, bytes);
    },

    async prepareNextKey(): Promise<PendingSigningKey> {
      const pem = newKeyPem();
      const key = parse(pem, path);
      const next = `${path}.next`;
      await mkdir(dirname(path), { recursive: true, mode: KEY_DIR_MODE });
      await writeKeyFile(next, pem, false);
      return {
        key: publicOf(key),
        sign: (bytes) => Promise.resolve(signWith(key, bytes)),
        // The rename replaces the old key file: its private key is gone.
        activate: () => rename(next, path),
      };
    },

    async adoptKey(privateKeyPem) {
      const legacy = parse(privateKeyPem, path);
      if (await place(privateKeyPem)) return true;
      return (await read())?.keyId === legacy.keyId;
    },
  };
}
