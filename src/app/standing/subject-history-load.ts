// Reads one subject's whole history from the ledger: the only input of its evaluation (C3).
import type { LedgerReader } from '../ports/ledger-store.js';
import type { RecordHistory, SubjectHistory } from '../../core/scoring/index.js';
import type { LedgerRecordEvent } from '../../core/ledger/ledger-types.js';

/** `key` is a validated, normalised identifier; an unknown subject is one with no records. */
export async function loadSubjectHistory(
  store: LedgerReader,
  key: string,
  kind: SubjectHistory['kind'],
  birthDate: SubjectHistory['birthDate'],
): Promise<SubjectHistory> {
  const records = await store.recordsOfSubject(key);
  const events = await store.recordEventsOfRecords(records.map((r) => r.id));
  const byRecord = new Map<number, LedgerRecordEvent[]>();
  for (const e of events) {
    const list = byRecord.get(e.recordId);
    if (list) list.push(e);
    else byRecord.set(e.recordId, [e]);
  }
  const closing = (await store.subjectEventsOf(key))[0];
  const histories: RecordHistory[] = records.map((record) => ({
    record,
    events: byRecord.get(record.id) ?? [],
  }));
  return {
    key,
    kind,
    birthDate,
    closure: closing ? { at: closing.at, recordedAt: closing.recordedAt } : undefined,
    records: histories,
  };
}
