// The demo's citizens: a few subjects of the demo city who are on a sanction list now (a listed
// dishonest judgment debtor, typically), so that a visitor can sign in as one of them and follow
// the due-process path from their side. Found by walking the ledger from its start and evaluating
// candidates with the reference evaluator; each evaluation is an operator access, audited (C11).
// The walk covers the most recent part of the ledger: old records have expired or been fulfilled.
import { checkIdentifier } from '../../core/identifiers/index.js';
import { evaluateSubject } from '../../core/scoring/index.js';
import type { Instant } from '../../core/time/instant.js';
import { recordOperatorAccess } from '../audit/operator-access.js';
import type { LedgerStore } from '../ports/ledger-store.js';
import { loadScoringContext } from '../standing/scoring-context.js';
import { loadSubjectHistory } from '../standing/subject-history-load.js';

const PREFERRED_CATEGORY = 'court.dishonest-debtor';
const PAGE = 10_000;
/** Enough recent ledger to find a few in any realistic city; the demo never walks the whole of it. */
const MAX_EVENTS = 300_000;
const MAX_CANDIDATES = 30;

/** Up to `count` subjects on a sanction list at `now`: persons first, each kind in ledger order. */
export async function pickDemoCitizens(
  store: LedgerStore,
  now: Instant,
  count = 3,
): Promise<string[]> {
  const context = await loadScoringContext(store);
  const policy = context.policyAt(now);
  const persons: string[] = [];
  const organizations: string[] = [];
  const seen = new Set<string>();
  let after = Math.max(0, (await store.headSeq()) - MAX_EVENTS);
  for (let read = 0; read < MAX_EVENTS && persons.length < MAX_CANDIDATES; read += PAGE) {
    const events = await store.readEvents(after, PAGE);
    if (events.length === 0) break;
    after = events[events.length - 1]?.seq ?? after;
    for (const event of events) {
      if (
        event.kind !== 'record' ||
        event.record.category !== PREFERRED_CATEGORY ||
        seen.has(event.record.subject)
      )
        continue;
      seen.add(event.record.subject);
      (event.record.subjectKind === 'person' ? persons : organizations).push(event.record.subject);
      if (persons.length >= MAX_CANDIDATES) break;
    }
  }
  const candidates = [...persons, ...organizations].slice(0, MAX_CANDIDATES);

  const picked: string[] = [];
  for (const subject of candidates) {
    if (picked.length >= count) break;
    const id = checkIdentifier(subject, now);
    if (!id.valid) continue;
    const history = await loadSubjectHistory(
      store,
      id.normalized,
      id.kind,
      id.scheme === 'cn-ric' ? id.birthDate : undefined,
    );
    const evaluation = evaluateSubject(history, policy, (r) => context.categoryOf(r), now);
    const listed = evaluation.lists.some((l) => l.kind === 'sanction');
    await recordOperatorAccess(store, {
      at: now,
      action: 'read-subject',
      subject: id.normalized,
      outcome: listed ? 'read (chosen as a demo citizen)' : 'read (considered as a demo citizen)',
    });
    if (listed) picked.push(id.normalized);
  }
  return picked;
}
