// The ledger's vocabulary: what is written, once, in sequence order. Everything else in Probity
// (scores, lists, checks, publications) is derived by folding these events in `seq` order.
import type { Instant } from '../time/instant.js';

export type SubjectKind = 'person' | 'organization';

/** A field value as stored: catalogue fields are integers, strings or booleans. */
export type FieldValue = number | string | boolean;
export type RecordFields = Readonly<Record<string, FieldValue>>;

/**
 * Events that can follow a record, in the past tense of what happened to it. Due process
 * (charter C8): the subject `objected`; the submitting agency decided it `upheld`, `corrected`
 * or `revoked`; the subject `appealed` that decision to the authority, whose own upheld /
 * corrected / revoked is final. `appealed` changes nothing by itself: the record stays in force
 * during the review (SPC art. 12).
 */
export type RecordEventType =
  | 'fulfilled'
  | 'suspended'
  | 'resumed'
  | 'objected'
  | 'upheld'
  | 'corrected'
  | 'revoked'
  | 'repaired'
  | 'appealed';

export const RECORD_EVENT_TYPES: readonly RecordEventType[] = [
  'fulfilled',
  'suspended',
  'resumed',
  'objected',
  'upheld',
  'corrected',
  'revoked',
  'repaired',
  // Appended last: the engine stores an event's type as its index in this list.
  'appealed',
];

/** Lifecycle events that close a subject for good (charter C4). */
export type SubjectEventType = 'deceased' | 'dissolved';

export interface Agency {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly createdAt: Instant;
}

export interface Subject {
  /** The normalised identifier: an 18-character resident identity number or social credit code. */
  readonly key: string;
  readonly kind: SubjectKind;
  /** Persons only: from the identity number. */
  readonly birthDate: Instant | undefined;
  readonly name: string | undefined;
  readonly closedAt: Instant | undefined;
  readonly closedBy: SubjectEventType | undefined;
}

/** A record as the ledger keeps it: immutable once accepted. `id` is its ledger sequence number. */
export interface LedgerRecord {
  readonly id: number;
  readonly subject: string;
  readonly subjectKind: SubjectKind;
  readonly agencyId: string;
  readonly sourceRef: string;
  readonly category: string;
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
  readonly fields: RecordFields;
  readonly catalogVersion: number;
}

export interface LedgerRecordEvent {
  readonly seq: number;
  readonly recordId: number;
  readonly subject: string;
  readonly type: RecordEventType;
  /** When it happened (fulfilment date, objection filed...); never after recordedAt. */
  readonly at: Instant;
  readonly recordedAt: Instant;
  /** Who wrote it: an agency id, or `subject` for the subject's own objections and requests. */
  readonly actor: string;
  readonly reason: string | undefined;
  /**
   * `corrected`: the new field values (all of them). `objected` / `appealed`: `{evidence}` when
   * the subject gave evidence text (the grounds are the `reason`).
   */
  readonly fields: RecordFields | undefined;
}

export interface LedgerSubjectEvent {
  readonly seq: number;
  readonly subject: string;
  readonly type: SubjectEventType;
  readonly at: Instant;
  readonly recordedAt: Instant;
  readonly actor: string;
}

/** One ledger event in the global sequence, tagged by kind for the engine's fold. */
export type LedgerEvent =
  | { readonly kind: 'record'; readonly seq: number; readonly record: LedgerRecord }
  | { readonly kind: 'record-event'; readonly seq: number; readonly event: LedgerRecordEvent }
  | { readonly kind: 'subject-event'; readonly seq: number; readonly event: LedgerSubjectEvent };
