// The ledger's event rows as the raw readers fetch them: positional arrays (no row object from a
// driver or the query builder), in the column order named here, decoded straight into the ledger
// events the engine folds. Shared by both dialects (sqlite-ledger-rows.ts, postgres-ledger-rows.ts):
// the columns are the same and both drivers return numbers for instants and sequence numbers.
// The decoding is that of ledger-row-mapping.ts (nulls become `undefined`, JSON fields parsed).
import type {
  LedgerEvent,
  RecordEventType,
  RecordFields,
  SubjectEventType,
  SubjectKind,
} from '../core/ledger/ledger-types.js';
import { instant } from '../core/time/instant.js';

/** A row as a raw reader returns it: its columns in the order of the `*_COLUMNS` lists. */
export type RawRow = readonly unknown[];

export const RECORD_COLUMNS =
  'id, subject_key, subject_kind, agency_id, source_ref, category, occurred_at, recorded_at, fields, catalog_version';
export const RECORD_EVENT_COLUMNS =
  'seq, record_id, subject_key, type, at, recorded_at, actor, reason, fields';
export const SUBJECT_EVENT_COLUMNS = 'seq, subject_key, type, at, recorded_at, actor';

export function recordOfRow(row: RawRow): LedgerEvent {
  const id = row[0] as number;
  return {
    kind: 'record',
    seq: id,
    record: {
      id,
      subject: row[1] as string,
      subjectKind: row[2] as SubjectKind,
      agencyId: row[3] as string,
      sourceRef: row[4] as string,
      category: row[5] as string,
      occurredAt: instant(row[6] as number),
      recordedAt: instant(row[7] as number),
      fields: JSON.parse(row[8] as string) as RecordFields,
      catalogVersion: row[9] as number,
    },
  };
}

export function recordEventOfRow(row: RawRow): LedgerEvent {
  const seq = row[0] as number;
  const reason = row[7] as string | null;
  const fields = row[8] as string | null;
  return {
    kind: 'record-event',
    seq,
    event: {
      seq,
      recordId: row[1] as number,
      subject: row[2] as string,
      type: row[3] as RecordEventType,
      at: instant(row[4] as number),
      recordedAt: instant(row[5] as number),
      actor: row[6] as string,
      reason: reason ?? undefined,
      fields: fields === null ? undefined : (JSON.parse(fields) as RecordFields),
    },
  };
}

export function subjectEventOfRow(row: RawRow): LedgerEvent {
  const seq = row[0] as number;
  return {
    kind: 'subject-event',
    seq,
    event: {
      seq,
      subject: row[1] as string,
      type: row[2] as SubjectEventType,
      at: instant(row[3] as number),
      recordedAt: instant(row[4] as number),
      actor: row[5] as string,
    },
  };
}
