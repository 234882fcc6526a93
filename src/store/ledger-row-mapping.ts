// Turns stored rows into the ledger's core types and back. Shared by both dialects: the columns
// are the same and both drivers return numbers for instants. Nulls become `undefined` (the core
// types never carry null); JSON columns are parsed here and nowhere else.
import type {
  Agency,
  LedgerRecord,
  LedgerRecordEvent,
  LedgerSubjectEvent,
  RecordEventType,
  RecordFields,
  Subject,
  SubjectEventType,
  SubjectKind,
} from '../core/ledger/ledger-types.js';
import { instant } from '../core/time/instant.js';
import type {
  AgencyTokenState,
  AgencyWithTokenHash,
  StoredDocument,
  StoredPolicy,
} from '../app/ports/ledger-store.js';
import type {
  AgenciesTable,
  AgencyTokensTable,
  CatalogVersionsTable,
  PolicyVersionsTable,
  RecordEventsTable,
  RecordsTable,
  SubjectEventsTable,
  SubjectsTable,
} from './schema.js';

function parseFields(text: string): RecordFields {
  return JSON.parse(text) as RecordFields;
}

export function recordFromRow(row: RecordsTable): LedgerRecord {
  return {
    id: row.id,
    subject: row.subject_key,
    subjectKind: row.subject_kind as SubjectKind,
    agencyId: row.agency_id,
    sourceRef: row.source_ref,
    category: row.category,
    occurredAt: instant(row.occurred_at),
    recordedAt: instant(row.recorded_at),
    fields: parseFields(row.fields),
    catalogVersion: row.catalog_version,
  };
}

export function recordEventFromRow(row: RecordEventsTable): LedgerRecordEvent {
  return {
    seq: row.seq,
    recordId: row.record_id,
    subject: row.subject_key,
    type: row.type as RecordEventType,
    at: instant(row.at),
    recordedAt: instant(row.recorded_at),
    actor: row.actor,
    reason: row.reason ?? undefined,
    fields: row.fields === null ? undefined : parseFields(row.fields),
  };
}

export function subjectEventFromRow(row: SubjectEventsTable): LedgerSubjectEvent {
  return {
    seq: row.seq,
    subject: row.subject_key,
    type: row.type as SubjectEventType,
    at: instant(row.at),
    recordedAt: instant(row.recorded_at),
    actor: row.actor,
  };
}

export function subjectFromRow(row: SubjectsTable): Subject {
  return {
    key: row.subject_key,
    kind: row.kind as SubjectKind,
    birthDate: row.birth_date === null ? undefined : instant(row.birth_date),
    name: row.name ?? undefined,
    closedAt: row.closed_at === null ? undefined : instant(row.closed_at),
    closedBy: (row.closed_by ?? undefined) as SubjectEventType | undefined,
  };
}

export function agencyFromRow(row: AgenciesTable): AgencyWithTokenHash {
  const agency: Agency = {
    id: row.id,
    kind: row.kind,
    name: row.name,
    createdAt: instant(row.created_at),
  };
  return { ...agency, tokenHash: row.token_hash, seq: row.seq };
}

export function agencyTokenFromRow(row: AgencyTokensTable): AgencyTokenState {
  const at = (v: number | null) => (v === null ? undefined : instant(v));
  return {
    agencyId: row.agency_id,
    issuedAt: instant(row.issued_at),
    expiresAt: at(row.expires_at),
    revokedAt: at(row.revoked_at),
  };
}

export function catalogFromRow(row: CatalogVersionsTable): StoredDocument {
  return {
    version: row.version,
    seq: row.seq,
    digest: row.digest,
    text: row.document,
    recordedAt: instant(row.recorded_at),
  };
}

export function policyFromRow(row: PolicyVersionsTable): StoredPolicy {
  return {
    policyId: row.policy_id,
    version: row.version,
    seq: row.seq,
    effectiveFrom: instant(row.effective_from),
    digest: row.digest,
    text: row.document,
    recordedAt: instant(row.recorded_at),
  };
}

/** The stored form of a record event's optional fields. */
export function fieldsText(fields: RecordFields | undefined): string | null {
  return fields === undefined ? null : JSON.stringify(fields);
}
