// `probity key rotate`: the operator replaces the authority's signing key. The signer makes the
// next key; its public half is recorded in the ledger with its own signature and the endorsement
// of the key it replaces (the chain of keys, authority-key.ts); then it takes over, and the old
// private key is destroyed. The old public keys stay in the ledger, so `verify` keeps checking
// every earlier publication with the key it names. Pipeline: authorise (the operator only) →
// record the next key → make it current. No audit entry: no subject's data is read.
import { formatInstant } from '../../core/time/instant.js';
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { PublicationStore } from '../ports/publication-store.js';
import { rotateSigningKey } from './authority-key.js';

export interface KeyRotation {
  readonly previousKeyId: string;
  readonly keyId: string;
  /** Where the signer keeps the key (the key file). */
  readonly keyFile: string;
  readonly rotatedAt: string;
  /** Every key the ledger records now, the new one last. */
  readonly keys: number;
}

export async function rotateAuthorityKey(
  deps: Pick<AppDeps, 'clock' | 'signer'> & { readonly store: PublicationStore },
  caller: Caller,
): Promise<KeyRotation> {
  operatorOnly(caller, "the authority's signing key is rotated");
  const now = deps.clock();
  const { previous, next } = await rotateSigningKey(deps.signer, deps.store, now);
  return {
    previousKeyId: previous.keyId,
    keyId: next.keyId,
    keyFile: deps.signer.location,
    rotatedAt: formatInstant(now),
    keys: (await deps.store.authorityKeys()).length,
  };
}
