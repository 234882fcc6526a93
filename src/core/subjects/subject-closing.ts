// Who may close a subject, and how: a person's death is recorded by the agencies that keep civil
// status (civil affairs, household registration), an organisation's dissolution by the
// registries. Closing is final (charter C4): no new score, lists and sanctions end.
import type { DomainErrorCode, Problem } from '../errors/domain-error.js';
import type { SubjectEventType, SubjectKind } from '../ledger/ledger-types.js';

export const CLOSING_EVENT: Readonly<Record<SubjectKind, SubjectEventType>> = {
  person: 'deceased',
  organization: 'dissolved',
};

export const CLOSING_AGENCY_KINDS: Readonly<Record<SubjectEventType, readonly string[]>> = {
  deceased: ['civil-affairs', 'police', 'registry'],
  dissolved: ['market-regulation', 'civil-affairs', 'registry'],
};

export function closingProblems(
  kind: SubjectKind,
  event: string,
  agencyKind: string,
): Problem<DomainErrorCode>[] {
  const expected = CLOSING_EVENT[kind];
  if (event !== expected) {
    return [
      {
        path: 'event',
        code: 'SubjectEventNotAllowed',
        message: `a ${kind} is closed by "${expected}", not "${event}"`,
      },
    ];
  }
  const allowed = CLOSING_AGENCY_KINDS[expected];
  if (!allowed.includes(agencyKind)) {
    return [
      {
        path: 'agency',
        code: 'SubmitterNotAllowed',
        message: `an agency of kind "${agencyKind}" may not record "${expected}" (allowed: ${allowed.join(', ')})`,
      },
    ];
  }
  return [];
}
