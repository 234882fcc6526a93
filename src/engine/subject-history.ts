// Rebuilds what the ledger knows about one subject (a SubjectHistory) from the columns, for the
// reference evaluator, which explains scores and gives the reasons of a deny. Explanations need
// not be fast; this allocates freely. A rebuilt record holds the fields the engine keeps (those
// the policy versions read, from the field columns): all the reference evaluator reads. Fields no
// policy reads are shown from the store (the citizen's record history reads it there). The side path of the scoring pass also uses the per-record
// history of records with side events, cached in the side table until their next event.
import type { LedgerRecordEvent, SubjectKind } from '../core/ledger/ledger-types.js';
import type { RecordHistory, SubjectHistory } from '../core/scoring/evaluation-types.js';
import { instant } from '../core/time/instant.js';
import type { LedgerFold } from './ledger-fold.js';
import { FLAG_EVENTS, FLAG_SIDE } from './record-columns.js';
import { kindName } from './subject-index.js';

const NO_EVENTS: readonly LedgerRecordEvent[] = [];

export function recordHistoryOf(ledger: LedgerFold, index: number): RecordHistory {
  const { records, subjects, categories, side } = ledger;
  const cached = side.cachedHistory(index);
  if (cached !== undefined) return cached;
  const s = records.subject[index] ?? 0;
  const key = subjects.keyOf(s);
  const category = categories.entry(records.category[index] ?? 0);
  const record = records.ledgerRecord(
    index,
    key,
    kindName(subjects.kind[s] ?? 0),
    category.id,
    category.catalogVersion,
  );
  const hasEvents = ((records.flags[index] ?? 0) & FLAG_EVENTS) !== 0;
  const history: RecordHistory = {
    record,
    events: hasEvents ? side.events(index, record.id, key) : NO_EVENTS,
  };
  // Only side-path records are read at every pass; the others are rebuilt when explained.
  if (((records.flags[index] ?? 0) & FLAG_SIDE) !== 0) side.cacheHistory(index, history);
  return history;
}

export function subjectHistoryOf(ledger: LedgerFold, s: number): SubjectHistory {
  const { subjects, records } = ledger;
  const recordHistories: RecordHistory[] = [];
  for (let r = subjects.head[s] ?? -1; r >= 0; r = records.next[r] ?? -1) {
    recordHistories.push(recordHistoryOf(ledger, r));
  }
  const birth = subjects.birthDate[s] ?? Number.NaN;
  const closureAt = subjects.closureAt[s] ?? Number.NaN;
  return {
    key: subjects.keyOf(s),
    kind: kindName(subjects.kind[s] ?? 0),
    birthDate: Number.isNaN(birth) ? undefined : instant(birth),
    closure: Number.isNaN(closureAt)
      ? undefined
      : { at: instant(closureAt), recordedAt: instant(subjects.closureRecordedAt[s] ?? 0) },
    records: recordHistories,
  };
}

/** A subject the ledger has never mentioned: an ordinary subject with no records. */
export function emptyHistory(
  key: string,
  kind: SubjectKind,
  birthDate: number | undefined,
): SubjectHistory {
  return {
    key,
    kind,
    birthDate: birthDate === undefined ? undefined : instant(birthDate),
    closure: undefined,
    records: [],
  };
}
