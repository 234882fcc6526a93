// `tick`: what the passage of time changes between now and a later instant (people turning 18,
// notice periods ending, records expiring, objection deadlines passing), by default up to the next
// transition after now. The operator's door; it folds its own engine from the ledger (a one-shot
// command has no engine loaded) and writes nothing, so it is not audited: list feeds and notices
// of these changes follow the engine in the server (time-advance.ts).
import { DomainError } from '../../core/errors/domain-error.js';
import type { Instant } from '../../core/time/instant.js';
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { DocumentReader, LedgerReader } from '../ports/ledger-store.js';
import { loadEngine } from './engine-load.js';
import { loadScoringContext } from './scoring-context.js';
import { advanceTime, type TimeAdvance } from './time-advance.js';

export interface TickRequest {
  /** Advance to this instant (default: the next transition after now); never before now. */
  readonly to?: Instant | undefined;
}

export async function tickTime(
  deps: Pick<AppDeps, 'clock'> & { readonly store: LedgerReader & DocumentReader },
  caller: Caller,
  request: TickRequest,
): Promise<TimeAdvance> {
  operatorOnly(caller, 'time is advanced');
  const now = deps.clock();
  const { engine } = await loadEngine(deps.store, await loadScoringContext(deps.store));
  const to = request.to ?? engine.nextTransition(now) ?? now;
  if (to < now)
    throw new DomainError('TickInPast', '--at must not be before now: time only moves forward');
  return advanceTime(engine, now, to);
}
