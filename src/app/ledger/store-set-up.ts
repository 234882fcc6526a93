// `probity init`: the operator makes a store ready to take records (schema, a catalogue, a
// policy, the authority's signing key), from the documents the door read (the reference ones
// shipped in policies/, or files the operator named). Idempotent: running it again changes
// nothing. The store becomes live (the default: the machine's clock dates every write) or, asked
// with `--simulation` or a fixed clock (`--now`), a simulation (app/ports/store-clock.ts). The
// signing key is made in the signer (the key file, outside the database) and only its public half
// is recorded. Pipeline: authorise (the operator only) → decide and append (`initStore`) → the key
// → follow (the standing can load now that the documents are there). No audit entry: nothing about
// a subject is read, and the documents are ledger events themselves.
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { DocumentReader, LedgerAppender } from '../ports/ledger-store.js';
import type { PublicationStore } from '../ports/publication-store.js';
import type { StoreModeStore } from '../ports/store-clock.js';
import { ensureSigningKey } from '../publications/authority-key.js';
import { initStore, type InitDocuments, type InitResult } from './store-init.js';

export type { InitDocuments };

export interface SetUpRequest extends InitDocuments {
  /** Make a new store a simulation (`init --simulation`, or a fixed clock): demo, tests, replays. */
  readonly simulation?: boolean | undefined;
}

export interface SetUpResult extends InitResult {
  /** live or simulation: what the store is. */
  readonly mode: 'live' | 'simulation';
  /** The authority's signing key: its id, and where the signer keeps it. */
  readonly keyId: string;
  readonly keyFile: string;
}

export async function setUpStore(
  deps: Pick<AppDeps, 'standing' | 'clock' | 'signer'> & {
    readonly store: DocumentReader & LedgerAppender & PublicationStore & StoreModeStore;
  },
  caller: Caller,
  request: SetUpRequest,
): Promise<SetUpResult> {
  operatorOnly(caller, 'a store is set up');
  const now = deps.clock();
  const result = await initStore(deps.store, request, now, {
    mode: request.simulation === true ? 'simulation' : 'live',
  });
  const key = await ensureSigningKey(deps.signer, deps.store, now);
  await (await deps.standing()).follow();
  return {
    ...result,
    mode: (await deps.store.storeMode()) ?? 'live',
    keyId: key.keyId,
    keyFile: deps.signer.location,
  };
}
