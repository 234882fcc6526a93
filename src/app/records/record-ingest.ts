// Ingest: the one use case behind every door that accepts records (CLI import, HTTP). It
// validates each submission, then appends in one transaction with the ledger head locked, where
// it also refuses records about closed subjects (C4) and recognises duplicates by the agency's
// own `sourceRef` (so that sending the same record twice is harmless).
//
// Two modes: `atomic` (HTTP batches: any bad item rejects the whole batch, nothing is written)
// and `partial` (bulk files: good rows are written, bad rows come back as rejections).
//
// With `notices`, the notice of each adverse record accepted is written in the same transaction,
// dated with its acceptance (app/notices/notice-outbox.ts); with `audit`, so are the entries of
// the write (ledger-append.ts): the records, their notices and their audit entries are committed
// together, or nothing is.
import type { Problem } from '../../core/errors/domain-error.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { Agency, LedgerRecord } from '../../core/ledger/ledger-types.js';
import { validateRecord, type ValidRecord } from '../../core/records/record-validate.js';
import type { Instant } from '../../core/time/instant.js';
import { formatDate } from '../../core/time/instant.js';
import type { CatalogInForce } from '../policy/catalog-in-force.js';
import { appendToLedger } from '../ledger/ledger-append.js';
import type { LedgerAppender, NewSubject } from '../ports/ledger-store.js';
import type { AuditEvent } from '../audit/audit-sink.js';
import type { NoticeScoring } from '../notices/notice-outbox.js';

export type IngestOutcome =
  | { readonly status: 'accepted' | 'duplicate'; readonly sourceRef: string; readonly id: number }
  | {
      readonly status: 'rejected';
      readonly sourceRef: string | undefined;
      readonly problems: readonly Problem[];
    };

export interface IngestOptions {
  readonly mode: 'atomic' | 'partial';
  /** Field values are text (CSV cells). */
  readonly fieldsFromText?: boolean;
  /** The documents the notices of the records accepted are worded by (written with them). */
  readonly notices?: NoticeScoring | undefined;
  /** The audit entries of the outcomes, one per submission, committed with the records. */
  readonly audit?: ((outcomes: readonly IngestOutcome[]) => readonly AuditEvent[]) | undefined;
}

export interface IngestSummary {
  readonly outcomes: IngestOutcome[];
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
}

function rejection(sourceRef: string | undefined, problems: readonly Problem[]): IngestOutcome {
  return { status: 'rejected', sourceRef, problems };
}

/** Raises the atomic-mode error: one detail per problem, its path prefixed by the item index. */
function rejectBatch(outcomes: readonly (IngestOutcome | undefined)[]): never {
  const details: Problem[] = [];
  outcomes.forEach((o, i) => {
    if (o?.status !== 'rejected') return;
    for (const p of o.problems)
      details.push({ ...p, path: p.path ? `records[${i}].${p.path}` : `records[${i}]` });
  });
  const bad = outcomes.filter((o) => o?.status === 'rejected').length;
  throw new DomainError(
    'RecordsRejected',
    `${bad} of ${outcomes.length} records were rejected; nothing was written`,
    details,
  );
}

function processed(outcomes: readonly (IngestOutcome | undefined)[]): IngestOutcome[] {
  return outcomes.map(
    (o) => o ?? rejection(undefined, [{ path: '', code: 'Internal', message: 'not processed' }]),
  );
}

export async function ingestRecords(
  store: LedgerAppender,
  catalog: CatalogInForce,
  agency: Agency,
  submissions: readonly unknown[],
  now: Instant,
  options: IngestOptions,
): Promise<IngestSummary> {
  const context = {
    catalog: catalog.catalog,
    agencyKind: agency.kind,
    now,
    fieldsFromText: options.fieldsFromText ?? false,
  };
  const outcomes: (IngestOutcome | undefined)[] = new Array<IngestOutcome | undefined>(
    submissions.length,
  );
  const valid: { index: number; record: ValidRecord }[] = [];
  submissions.forEach((submission, index) => {
    const result = validateRecord(submission, context);
    if (result.ok) valid.push({ index, record: result.record });
    else outcomes[index] = rejection(result.sourceRef, result.problems);
  });
  if (options.mode === 'atomic' && valid.length < submissions.length) {
    rejectBatch(outcomes);
  }

  const audit = options.audit;
  if (valid.length > 0) {
    await appendToLedger(
      store,
      async (tx, seq) => {
        const subjectKeys = [...new Set(valid.map((v) => v.record.subject))];
        const states = await tx.subjectStates(subjectKeys);
        const existing = await tx.recordIdsBySourceRef(
          agency.id,
          valid.map((v) => v.record.sourceRef),
        );
        const seenInBatch = new Map<string, number>();
        const newSubjects = new Map<string, NewSubject>();
        const rows: LedgerRecord[] = [];

        for (const { index, record } of valid) {
          const knownId = existing.get(record.sourceRef) ?? seenInBatch.get(record.sourceRef);
          if (knownId !== undefined) {
            outcomes[index] = { status: 'duplicate', sourceRef: record.sourceRef, id: knownId };
            continue;
          }
          const closedAt = states.get(record.subject)?.closedAt;
          if (closedAt !== undefined) {
            outcomes[index] = rejection(record.sourceRef, [
              {
                path: 'subject',
                code: 'SubjectClosed',
                message: `the subject was closed on ${formatDate(closedAt)} (deceased or dissolved): no new records (charter C4)`,
              },
            ]);
            continue;
          }
          const id = seq.next();
          seenInBatch.set(record.sourceRef, id);
          if (!states.has(record.subject) && !newSubjects.has(record.subject)) {
            newSubjects.set(record.subject, {
              key: record.subject,
              kind: record.subjectKind,
              birthDate: record.birthDate,
              name: undefined,
              firstSeq: id,
            });
          }
          rows.push({
            id,
            subject: record.subject,
            subjectKind: record.subjectKind,
            agencyId: agency.id,
            sourceRef: record.sourceRef,
            category: record.category.id,
            occurredAt: record.occurredAt,
            recordedAt: now,
            fields: record.fields,
            catalogVersion: catalog.version,
          });
          outcomes[index] = { status: 'accepted', sourceRef: record.sourceRef, id };
        }
        if (options.mode === 'atomic' && outcomes.some((o) => o?.status === 'rejected')) {
          rejectBatch(outcomes);
        }
        if (newSubjects.size > 0) await tx.insertSubjects([...newSubjects.values()]);
        if (rows.length > 0) await tx.insertRecords(rows);
      },
      {
        notices: options.notices,
        audit: audit && (() => audit(processed(outcomes))),
      },
    );
  } else if (audit !== undefined && submissions.length > 0) {
    // Nothing valid to write (a batch of rejected rows): its audit entries are still committed.
    const entries = audit(processed(outcomes));
    if (entries.length > 0)
      await appendToLedger(store, () => Promise.resolve(), { audit: () => entries });
  }

  const done = processed(outcomes);
  let accepted = 0;
  let duplicates = 0;
  let rejected = 0;
  for (const o of done) {
    if (o.status === 'accepted') accepted += 1;
    else if (o.status === 'duplicate') duplicates += 1;
    else rejected += 1;
  }
  return { outcomes: done, accepted, duplicates, rejected };
}
