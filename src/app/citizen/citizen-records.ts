// A subject's own records as the subject sees them (charter C12): each record with who recorded
// it, its field values now, whether it is in force and, when not, why (expired, fulfilled,
// suspended, objection overdue...), its hard end and from when repair can be asked, the lists it
// puts the subject on, and every event that followed it. Only what was recorded by now is shown.
import type { Category } from '../../core/catalog/index.js';
import type { LedgerRecord, RecordFields } from '../../core/ledger/ledger-types.js';
import {
  recordStateAt,
  repairFromOf,
  type NotInForceReason,
  type SubjectEvaluation,
} from '../../core/scoring/index.js';
import { formatInstant, type Instant } from '../../core/time/instant.js';
import type { LedgerReader } from '../ports/ledger-store.js';
import { loadSubjectHistory } from '../standing/subject-history-load.js';

export interface CitizenRecordEvent {
  readonly seq: number;
  readonly type: string;
  readonly at: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly reason: string | null;
}

export interface CitizenRecord {
  readonly id: number;
  readonly category: string;
  /** The agency that recorded it. */
  readonly agency: string;
  readonly sourceRef: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** The field values now (after any correction). */
  readonly fields: RecordFields;
  readonly inForce: boolean;
  /** Why it does not count now; null when in force. */
  readonly notInForceReason: NotInForceReason | null;
  /** Its hard expiry, counted from the conduct (C7); null if its category is unknown. */
  readonly effectEnd: string | null;
  readonly endsWhenFulfilled: boolean;
  /** From when repair can be asked (adverse, repairable categories); null otherwise. */
  readonly repairFrom: string | null;
  /** The lists this record puts the subject on now. */
  readonly lists: readonly string[];
  readonly events: readonly CitizenRecordEvent[];
}

export async function citizenRecords(
  store: LedgerReader,
  categoryOf: (record: LedgerRecord) => Category | undefined,
  evaluation: SubjectEvaluation,
  now: Instant,
): Promise<CitizenRecord[]> {
  const history = await loadSubjectHistory(store, evaluation.subject, evaluation.kind, undefined);
  return history.records
    .filter(({ record }) => record.recordedAt <= now)
    .sort((a, b) => b.record.occurredAt - a.record.occurredAt || b.record.id - a.record.id)
    .map((recordHistory) => {
      const { record } = recordHistory;
      const category = categoryOf(record);
      const state = category && recordStateAt(recordHistory, category, now);
      const repairFrom = category && repairFromOf(record, category);
      return {
        id: record.id,
        category: record.category,
        agency: record.agencyId,
        sourceRef: record.sourceRef,
        occurredAt: formatInstant(record.occurredAt),
        recordedAt: formatInstant(record.recordedAt),
        fields: state?.fields ?? record.fields,
        inForce: state?.status.inForce ?? false,
        notInForceReason: state === undefined || state.status.inForce ? null : state.status.reason,
        effectEnd: state ? formatInstant(state.effectEnd) : null,
        endsWhenFulfilled: category?.effect.endsWhenFulfilled ?? false,
        repairFrom: repairFrom === undefined ? null : formatInstant(repairFrom),
        lists: evaluation.lists.filter((l) => l.records.includes(record.id)).map((l) => l.list),
        events: recordHistory.events
          .filter((e) => e.recordedAt <= now)
          .map((e) => ({
            seq: e.seq,
            type: e.type,
            at: formatInstant(e.at),
            recordedAt: formatInstant(e.recordedAt),
            actor: e.actor,
            reason: e.reason ?? null,
          })),
      };
    });
}
