// The demo's citizens: a few subjects of the demo city who are on a sanction list now (a listed
// dishonest judgment debtor, typically), so that a visitor can sign in as one of them and follow
// the due-process path from their side. Found by walking the recent ledger for candidates and
// evaluating them; the operator does it (`probity demo`), and each evaluation is an operator
// access (`oversight`), audited (C11). The walk covers the most recent part of the ledger: old
// records have expired or been fulfilled.
import { checkIdentifier } from '../../core/identifiers/index.js';
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { audited, auditEntry, type Access } from '../audit/access-audit.js';
import type { LedgerReader } from '../ports/ledger-store.js';

const PREFERRED_CATEGORY = 'court.dishonest-debtor';
const PAGE = 10_000;
/** Enough recent ledger to find a few in any realistic city; the demo never walks the whole of it. */
const MAX_EVENTS = 300_000;
const MAX_CANDIDATES = 30;

/** Candidates with a preferred-category record in the recent ledger: persons first, in ledger order. */
async function candidatesOf(store: LedgerReader): Promise<string[]> {
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
  return [...persons, ...organizations].slice(0, MAX_CANDIDATES);
}

/** Up to `count` subjects on a sanction list now: persons first, each kind in ledger order. */
export async function pickDemoCitizens(
  deps: Pick<AppDeps, 'standing' | 'audit' | 'clock'> & { readonly store: LedgerReader },
  caller: Caller,
  request: { readonly count?: number } = {},
): Promise<string[]> {
  const count = request.count ?? 3;
  const access: { current: Access } = {
    current: { caller, purpose: 'oversight', action: 'read-subject', subject: '' },
  };
  const considered = await audited(
    deps,
    access,
    async () => {
      operatorOnly(caller, 'demo citizens are picked');
      const now = deps.clock();
      const standing = await deps.standing();
      const out: { subject: string; listed: boolean }[] = [];
      let picked = 0;
      for (const subject of await candidatesOf(deps.store)) {
        if (picked >= count) break;
        const id = checkIdentifier(subject, now);
        if (!id.valid) continue;
        const evaluation = await standing.evaluate(id.normalized, now);
        const listed = evaluation.lists.some((l) => l.kind === 'sanction');
        out.push({ subject: id.normalized, listed });
        if (listed) picked += 1;
      }
      return out;
    },
    (read, at) =>
      read.map(({ subject, listed }) =>
        auditEntry(
          { ...access.current, subject },
          at,
          listed ? 'read (chosen as a demo citizen)' : 'read (considered as a demo citizen)',
        ),
      ),
  );
  return considered.filter((c) => c.listed).map((c) => c.subject);
}
