// `probity init`: the operator makes a store ready to take records (schema, a catalogue, a
// policy, the authority's signing key), from the documents the door read (the reference ones
// shipped in policies/, or files the operator named). Idempotent: running it again changes
// nothing. Pipeline: authorise (the operator only) → decide and append (`initStore`) → follow
// (the standing can load now that the documents are there). No audit entry: nothing about a
// subject is read, and the documents are ledger events themselves.
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { DocumentReader, LedgerAppender } from '../ports/ledger-store.js';
import type { PublicationStore } from '../ports/publication-store.js';
import { initStore, type InitDocuments, type InitResult } from './store-init.js';

export type { InitDocuments, InitResult };

export async function setUpStore(
  deps: Pick<AppDeps, 'standing' | 'clock'> & {
    readonly store: DocumentReader & LedgerAppender & PublicationStore;
  },
  caller: Caller,
  documents: InitDocuments,
): Promise<InitResult> {
  operatorOnly(caller, 'a store is set up');
  const result = await initStore(deps.store, documents, deps.clock());
  await (await deps.standing()).follow();
  return result;
}
