// The public doors of the publications (charter C13, C14), open to anyone without a token: the
// index of every list and version, one version with its signed manifest and its masked entries,
// each file's exact bytes (to check against the manifest's hashes), and the authority's public
// key to check the signatures with. Everything is answered from the ledger, whatever became of
// the directory the files were written to. Public data, already published: any caller may read
// it, and reads are not audited.
import { DomainError } from '../../core/errors/domain-error.js';
import { formatInstant } from '../../core/time/instant.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { PublicationStore } from '../ports/publication-store.js';
import { rawPublicKey } from './authority-key.js';
import {
  manifestFileName,
  type ListDocument,
  type Manifest,
  type PublishedEntry,
  type SignedManifest,
} from './publication-format.js';
import { publicationIndex, type PublicationIndex } from './publish-lists.js';

type ReadDeps = Pick<AppDeps, 'standing' | 'clock'> & { readonly store: PublicationStore };

export interface PublicationVersionRequest {
  readonly list: string;
  readonly version: number;
}

/** One version as the public reads it: the signed manifest and the masked entries. */
export interface PublicationVersionView {
  readonly list: string;
  readonly version: number;
  readonly manifest: Manifest;
  readonly manifestSha256: string;
  readonly signature: SignedManifest['signature'];
  readonly entries: readonly PublishedEntry[];
}

export interface AuthorityKeyView {
  readonly keyId: string;
  readonly algorithm: 'Ed25519';
  readonly publicKeyPem: string;
  /** The raw 32-byte public key, base64. */
  readonly publicKey: string;
  readonly createdAt: string;
}

/** Every version of every public list the ledger records (labels from the policy in force). */
export async function readPublicationIndex(
  deps: ReadDeps,
  _caller: Caller,
): Promise<PublicationIndex> {
  let labels = new Map<string, string>();
  try {
    const policy = (await deps.standing()).policyAt(deps.clock());
    labels = new Map(policy.lists.map((l) => [l.id, l.label]));
  } catch {
    // Still loading, or no policy in force: the index is served without labels.
  }
  return publicationIndex(deps.store, labels);
}

/** One version; 404 `PublicationNotFound` for a list or version never published. */
export async function readPublication(
  deps: ReadDeps,
  _caller: Caller,
  request: PublicationVersionRequest,
): Promise<PublicationVersionView> {
  const { list, version } = request;
  const stored = await deps.store.publication(list, version);
  if (stored === undefined)
    throw new DomainError(
      'PublicationNotFound',
      `list "${list}" has no published version ${version}`,
    );
  const signed = JSON.parse(stored.manifest) as SignedManifest;
  const data = stored.contents[signed.manifest.files[0]?.name ?? ''];
  const entries = data === undefined ? [] : (JSON.parse(data) as ListDocument).entries;
  return {
    list,
    version,
    manifest: signed.manifest,
    manifestSha256: signed.manifestSha256,
    signature: signed.signature,
    entries,
  };
}

/** A file of a version, byte for byte as published; 404 `PublicationNotFound` otherwise. */
export async function readPublicationFile(
  deps: ReadDeps,
  _caller: Caller,
  request: PublicationVersionRequest & { readonly name: string },
): Promise<string> {
  const { list, version, name } = request;
  const stored = await deps.store.publication(list, version);
  const text = name === manifestFileName(version) ? stored?.manifest : stored?.contents[name];
  if (text === undefined)
    throw new DomainError(
      'PublicationNotFound',
      `list "${list}" version ${version} has no file ${name}`,
    );
  return text;
}

/** The authority's public key; 404 `AuthorityKeyMissing` before `probity init` made it. */
export async function readAuthorityKey(deps: ReadDeps, _caller: Caller): Promise<AuthorityKeyView> {
  const key = await deps.store.authorityPublicKey();
  if (key === undefined)
    throw new DomainError(
      'AuthorityKeyMissing',
      'the authority has no key yet: run `probity init`',
    );
  return {
    keyId: key.keyId,
    algorithm: key.algorithm,
    publicKeyPem: key.publicKeyPem,
    publicKey: rawPublicKey(key.publicKeyPem).toString('base64'),
    createdAt: formatInstant(key.createdAt),
  };
}
