// The last step of every use case's pipeline (authorise → decide → append → follow → audit):
// the access is written to the audit log, accepted or refused, before the caller gets an answer
// (charter C11). A refusal is audited with its stable code, so an agency probing a subject
// without a permitted purpose leaves a trace; the error then goes on to the door unchanged.
import { DomainError } from '../../core/errors/domain-error.js';
import type { Instant } from '../../core/time/instant.js';
import { actorOf, type Caller } from '../access/caller.js';
import type { AuditEvent, AuditSink } from './audit-sink.js';

/** What an access is about; `outcome` is filled in once the use case has answered or refused. */
export interface Access {
  readonly caller: Caller;
  /** A purpose from the closed list, or `write` for submissions and decisions. */
  readonly purpose: string;
  readonly action: string;
  /** The subject's key ('' when the access concerns no one subject). */
  readonly subject: string;
}

export interface AuditDeps {
  readonly audit: AuditSink;
  readonly clock: () => Instant;
}

export function auditEntry(access: Access, at: Instant, outcome: string): AuditEvent {
  return {
    at,
    actor: actorOf(access.caller),
    purpose: access.purpose,
    action: access.action,
    subject: access.subject,
    outcome,
  };
}

/** `refused <Code>` for a broken rule, `failed` for anything else (the message stays in the log of the server). */
export function refusalOutcome(error: unknown, word: 'refused' | 'rejected' = 'refused'): string {
  return error instanceof DomainError ? `${word} ${error.code}` : 'failed';
}

/**
 * Runs a write and audits it, one truth per write: the entries of its success are committed in
 * the ledger transaction that makes the write (`work` hands them to `appendToLedger` as its
 * `audit`, dated `at`), so the write and its entries are durable together or not at all, and an
 * entry that cannot be written fails this write only. A refusal, or a write that failed (its
 * append, or what follows it), is audited here as `audited` does, under `access`.
 */
export async function auditedWrite<T>(
  deps: AuditDeps,
  access: { current: Access; refusal?: 'refused' | 'rejected' },
  work: (at: Instant) => Promise<T>,
): Promise<T> {
  const at = deps.clock();
  try {
    return await work(at);
  } catch (error) {
    await deps.audit.record([
      auditEntry(access.current, at, refusalOutcome(error, access.refusal)),
    ]);
    throw error;
  }
}

/**
 * Runs `work` and audits it: on success with the entries `entries(result)` gives (one per subject
 * touched), on failure with one refusal entry for `access` (whose fields may have been refined
 * while the work ran, e.g. the normalised subject key). Resolves once the entries are durable.
 */
export async function audited<T>(
  deps: AuditDeps,
  access: { current: Access; refusal?: 'refused' | 'rejected' },
  work: () => Promise<T> | T,
  entries: (result: T, at: Instant) => readonly AuditEvent[],
): Promise<T> {
  const at = deps.clock();
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await deps.audit.record([
      auditEntry(access.current, at, refusalOutcome(error, access.refusal)),
    ]);
    throw error;
  }
  await deps.audit.record(entries(result, at));
  return result;
}
