// Builders for ledger rows as the store receives them. Each takes the fields a test cares about
// and fills the rest with plausible values; instants are fixed, never read from the clock.
import type {
  AgencyWithTokenHash,
  NewSubject,
  StoredDocument,
  StoredPolicy,
} from '../../src/app/ports/ledger-store.js';
import type {
  LedgerRecord,
  LedgerRecordEvent,
  LedgerSubjectEvent,
} from '../../src/core/ledger/ledger-types.js';
import { instant, type Instant } from '../../src/core/time/instant.js';

export const T0: Instant = instant(Date.UTC(2026, 2, 1, 8, 0, 0));

/** A resident identity number shape (18 characters); not checksum-valid, the store does not care. */
export function personKey(n: number): string {
  return `11010119900101${String(n).padStart(4, '0')}`;
}

export function organizationKey(n: number): string {
  return `91110000MA${String(n).padStart(8, '0')}`;
}

export function aSubject(
  overrides: Partial<NewSubject> & Pick<NewSubject, 'key' | 'firstSeq'>,
): NewSubject {
  return {
    kind: 'person',
    birthDate: instant(Date.UTC(1990, 0, 1)),
    name: undefined,
    ...overrides,
  };
}

export function aRecord(overrides: Partial<LedgerRecord> & Pick<LedgerRecord, 'id'>): LedgerRecord {
  return {
    subject: personKey(1),
    subjectKind: 'person',
    agencyId: 'court-1',
    sourceRef: `case-${overrides.id}`,
    category: 'court.judgment-unfulfilled',
    occurredAt: instant(T0 - 86_400_000),
    recordedAt: T0,
    fields: { amount: 125_000, case: `(2026) Jing 0101 Zhi ${overrides.id}`, appealed: false },
    catalogVersion: 1,
    ...overrides,
  };
}

export function aRecordEvent(
  overrides: Partial<LedgerRecordEvent> & Pick<LedgerRecordEvent, 'seq' | 'recordId'>,
): LedgerRecordEvent {
  return {
    subject: personKey(1),
    type: 'fulfilled',
    at: T0,
    recordedAt: T0,
    actor: 'court-1',
    reason: undefined,
    fields: undefined,
    ...overrides,
  };
}

export function aSubjectEvent(
  overrides: Partial<LedgerSubjectEvent> & Pick<LedgerSubjectEvent, 'seq' | 'subject'>,
): LedgerSubjectEvent {
  return { type: 'deceased', at: T0, recordedAt: T0, actor: 'civil-affairs', ...overrides };
}

export function anAgency(
  overrides: Partial<AgencyWithTokenHash> & Pick<AgencyWithTokenHash, 'id' | 'seq'>,
): AgencyWithTokenHash {
  return {
    kind: 'court',
    name: `Agency ${overrides.id}`,
    createdAt: T0,
    tokenHash: `hash-of-${overrides.id}`,
    ...overrides,
  };
}

export function aCatalog(
  overrides: Partial<StoredDocument> & Pick<StoredDocument, 'version' | 'seq'>,
): StoredDocument {
  return {
    digest: `digest-catalog-${overrides.version}`,
    text: `version: ${overrides.version}\ncategories: []\n`,
    recordedAt: T0,
    ...overrides,
  };
}

export function aPolicy(
  overrides: Partial<StoredPolicy> & Pick<StoredPolicy, 'policyId' | 'version' | 'seq'>,
): StoredPolicy {
  return {
    effectiveFrom: T0,
    digest: `digest-${overrides.policyId}-${overrides.version}`,
    text: `id: ${overrides.policyId}\nversion: ${overrides.version}\n`,
    recordedAt: T0,
    ...overrides,
  };
}
