// The ledger step of the due-process use cases (charter C7, C8): the subject objects to a record,
// appeals a decision, asks for repair; the submitting agency decides objections; the authority
// decides appeals. Each reads the record's events under the ledger head lock, asks the pure state
// machine (core/due-process) what may follow, and appends exactly one event, or nothing and a
// DomainError; with the event, in its transaction, the notice of a decision and the audit entry
// of the write. The use cases around them (objection-file.ts, objection-decide.ts...) authorise
// the caller, let the standing follow and audit (case-write.ts).
//
// A citizen acts on their own records only: a record of another subject is answered exactly like
// a record that does not exist (RecordNotFound), so record ids do not reveal whom they concern.
import type { Category } from '../../core/catalog/index.js';
import {
  decideAppeal,
  decideObjection,
  dueProcessOf,
  fileAppeal,
  fileObjection,
  findAppeal,
  type AppealRequest,
  type DecisionRequest,
  type NewRecordEvent,
  type ObjectionRequest,
  type RecordCase,
} from '../../core/due-process/objection-state.js';
import { grantRepair } from '../../core/due-process/repair.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { Agency, LedgerRecord, LedgerRecordEvent } from '../../core/ledger/ledger-types.js';
import type { Instant } from '../../core/time/instant.js';
import type { AuditEvent } from '../audit/audit-sink.js';
import { appendToLedger } from '../ledger/ledger-append.js';
import type { NoticeScoring } from '../notices/notice-outbox.js';
import type { AgencyDirectory, LedgerAppender, LedgerReader } from '../ports/ledger-store.js';

/** The actor of a repair granted when the city has no authority agency. */
export const SYSTEM_ACTOR = 'system';

export interface DueProcessDeps {
  readonly store: LedgerReader & LedgerAppender & AgencyDirectory;
  /** The record's category under the catalogue version it was accepted with. */
  readonly categoryOf: (record: LedgerRecord) => Category | undefined;
  /** The documents the notice of a decision is worded by; written with its event. */
  readonly notices?: NoticeScoring | undefined;
  /** The audit entries of the event, committed with it (ledger-append.ts). */
  readonly audit?: ((event: LedgerRecordEvent) => readonly AuditEvent[]) | undefined;
}

function notFound(recordId: number): DomainError {
  return new DomainError('RecordNotFound', `no record ${recordId}`);
}

async function recordFor(
  deps: DueProcessDeps,
  recordId: number,
  subject?: string,
): Promise<{ record: LedgerRecord; category: Category }> {
  const record = await deps.store.findRecord(recordId);
  if (!record || (subject !== undefined && record.subject !== subject)) throw notFound(recordId);
  const category = deps.categoryOf(record);
  if (!category)
    throw new DomainError(
      'UnknownCategory',
      `record ${recordId} has category ${record.category}, which its catalogue version does not define`,
    );
  return { record, category };
}

/** Appends the one event `next` returns for the record's events as read under the lock. */
async function appendCaseEvent(
  deps: DueProcessDeps,
  found: { record: LedgerRecord; category: Category },
  next: (c: RecordCase) => NewRecordEvent,
): Promise<{ event: LedgerRecordEvent; case: RecordCase }> {
  const audit = deps.audit;
  return appendToLedger(
    deps.store,
    async (tx, seq) => {
      const events = await tx.recordEventsOf(found.record.id);
      const c: RecordCase = { record: found.record, category: found.category, events };
      const event: LedgerRecordEvent = { seq: seq.next(), ...next(c) };
      await tx.insertRecordEvents([event]);
      return { event, case: { ...c, events: [...events, event] } };
    },
    { notices: deps.notices, audit: audit && ((written) => audit(written.event)) },
  );
}

/** The record id of the `objected` (or `appealed`) event with this seq, if there is one. */
async function recordOfEvent(
  store: LedgerReader,
  seq: number,
  type: 'objected' | 'appealed',
): Promise<number | undefined> {
  if (!Number.isSafeInteger(seq) || seq < 1) return undefined;
  const [event] = await store.readEvents(seq - 1, 1);
  if (event?.kind !== 'record-event' || event.seq !== seq || event.event.type !== type)
    return undefined;
  return event.event.recordId;
}

export interface DueProcessOutcome {
  readonly event: LedgerRecordEvent;
  /** The record, its category and its events including the new one. */
  readonly case: RecordCase;
}

export async function fileSubjectObjection(
  deps: DueProcessDeps,
  subject: string,
  request: ObjectionRequest & { readonly recordId: number },
  now: Instant,
): Promise<DueProcessOutcome> {
  const found = await recordFor(deps, request.recordId, subject);
  return appendCaseEvent(deps, found, (c) => fileObjection(c, request, now));
}

export async function decideAgencyObjection(
  deps: DueProcessDeps,
  agency: Agency,
  objectionId: number,
  request: DecisionRequest,
  now: Instant,
): Promise<DueProcessOutcome> {
  const recordId = await recordOfEvent(deps.store, objectionId, 'objected');
  if (recordId === undefined)
    throw new DomainError('ObjectionNotFound', `no objection ${objectionId}`);
  const found = await recordFor(deps, recordId);
  return appendCaseEvent(deps, found, (c) => decideObjection(c, objectionId, agency, request, now));
}

export async function fileSubjectAppeal(
  deps: DueProcessDeps,
  subject: string,
  request: AppealRequest & { readonly recordId: number },
  now: Instant,
): Promise<DueProcessOutcome> {
  const found = await recordFor(deps, request.recordId, subject);
  return appendCaseEvent(deps, found, (c) => fileAppeal(c, request, now));
}

export async function decideAuthorityAppeal(
  deps: DueProcessDeps,
  agency: Agency,
  appealId: number,
  request: DecisionRequest,
  now: Instant,
): Promise<DueProcessOutcome> {
  if (agency.kind !== 'authority') {
    throw new DomainError(
      'AuthorityOnly',
      `appeals are decided by the authority, not by a ${agency.kind} agency`,
    );
  }
  const recordId = await recordOfEvent(deps.store, appealId, 'appealed');
  if (recordId === undefined) throw new DomainError('AppealNotFound', `no appeal ${appealId}`);
  const found = await recordFor(deps, recordId);
  return appendCaseEvent(deps, found, (c) => decideAppeal(c, appealId, agency, request, now));
}

/** The authority agency (the first by id) acts for granted repairs; `system` without one. */
async function repairActor(store: AgencyDirectory): Promise<string> {
  const authorities = (await store.agencies())
    .filter((a) => a.kind === 'authority')
    .map((a) => a.id)
    .sort();
  return authorities[0] ?? SYSTEM_ACTOR;
}

/** Grants the subject's repair request (a `repaired` event) or refuses it with every reason. */
export async function requestSubjectRepair(
  deps: DueProcessDeps,
  subject: string,
  request: { readonly recordId: number },
  now: Instant,
): Promise<DueProcessOutcome> {
  const found = await recordFor(deps, request.recordId, subject);
  const actor = await repairActor(deps.store);
  return appendCaseEvent(deps, found, (c) => grantRepair(c, actor, now));
}

/** The appeal and its objection after an event, for the answer of a write. */
export function appealIn(c: RecordCase, appealId: number) {
  return findAppeal(dueProcessOf(c.record, c.category, c.events), appealId);
}
