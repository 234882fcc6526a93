// Publishing the public lists (charter C13, C14): the next signed version of each public list (or
// of one), as of now or an earlier instant, written to a publications directory (the
// `PublicationFiles` port) and recorded in the ledger. The operator publishes, at the command line
// (`probity publish`) or through the server's daily schedule. Each run folds its own engine from
// the ledger as of its start, so it needs nothing from the request path and sees every write
// committed before it. Not audited as an access: the ledger's record of each version (its hash,
// its time, its subjects) is the trace, and `verify` checks it.
import { DomainError } from '../../core/errors/domain-error.js';
import { formatInstant, type Instant } from '../../core/time/instant.js';
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { DocumentReader } from '../ports/ledger-store.js';
import { loadEngine } from '../standing/engine-load.js';
import { loadScoringContext } from '../standing/scoring-context.js';
import { publishLists, type PublishResult, type PublishStore } from './publish-lists.js';

export interface PublishRequest {
  /** One public list; every public list of the policy in force by default. */
  readonly list?: string | undefined;
  /** The entries as of this instant (default: now); never after now. */
  readonly at?: Instant | undefined;
  /** The publications directory. */
  readonly outDir: string;
}

export async function publishPublicLists(
  deps: Pick<AppDeps, 'clock' | 'publicationFiles' | 'signer'> & {
    readonly store: PublishStore & DocumentReader;
  },
  caller: Caller,
  request: PublishRequest,
): Promise<PublishResult> {
  operatorOnly(caller, 'the lists are published');
  const now = deps.clock();
  const at = request.at ?? now;
  if (at > now) {
    throw new DomainError(
      'PublishInFuture',
      `--at ${formatInstant(at)} is after now: only what holds already is published`,
    );
  }
  const context = await loadScoringContext(deps.store);
  const { engine } = await loadEngine(deps.store, context);
  const folder = deps.publicationFiles.open(request.outDir);
  return publishLists(deps.store, engine, context, folder, deps.signer, {
    list: request.list,
    at,
    publishedAt: now,
  });
}
