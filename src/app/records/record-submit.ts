// Submitting records through the API: an atomic batch from an agency. Every record must be of a
// category the agency's kind may submit (else the whole batch is 403 SubmitterNotAllowed); any
// invalid record rejects the batch with one detail per problem and nothing is written; accepted
// records are folded into the standing before the answer. Each record's notice and its audit
// entry (a write) are committed in the transaction that accepts it: one truth per write.
import { DomainError } from '../../core/errors/domain-error.js';
import { assertMaySubmit } from '../access/access-rules.js';
import { agencyOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { auditedWrite, auditEntry } from '../audit/access-audit.js';
import type { LedgerAppender } from '../ports/ledger-store.js';
import { ingestRecords } from './record-ingest.js';

export interface SubmittedRecord {
  readonly sourceRef: string;
  readonly id: number;
  readonly status: 'accepted' | 'duplicate';
}

/** The subject a submission names, as the audit entry of its record gives it ('' when none). */
function subjectNamed(record: unknown): string {
  const subject =
    typeof record === 'object' && record !== null
      ? (record as { subject?: unknown }).subject
      : undefined;
  return typeof subject === 'string' ? subject : '';
}

export async function submitRecords(
  deps: Pick<AppDeps, 'standing' | 'audit' | 'clock'> & { readonly store: LedgerAppender },
  caller: Caller,
  records: readonly unknown[],
): Promise<SubmittedRecord[]> {
  const access = {
    current: { caller, purpose: 'write', action: 'submit-records', subject: '' },
    refusal: 'rejected' as const,
  };
  return auditedWrite(deps, access, async (at) => {
    const agency = agencyOf(caller);
    const standing = await deps.standing();
    const catalog = standing.catalog();
    assertMaySubmit(catalog.catalog, agency, records);
    const summary = await ingestRecords(deps.store, catalog, agency, records, deps.clock(), {
      mode: 'atomic',
      notices: standing.scoring(),
      // One entry per record, committed with the records (or nothing is written).
      audit: (outcomes) =>
        outcomes.map((o, i) =>
          auditEntry(
            { ...access.current, action: 'submit-record', subject: subjectNamed(records[i]) },
            at,
            o.status,
          ),
        ),
    });
    await standing.follow();
    return summary.outcomes.map((o) => {
      if (o.status === 'rejected')
        throw new DomainError('Internal', 'an atomic ingest returned a rejection');
      return { sourceRef: o.sourceRef, id: o.id, status: o.status };
    });
  });
}
