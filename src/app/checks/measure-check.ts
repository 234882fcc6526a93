// Checks: may this subject be subjected to (or benefit from) a measure? One at a time or in
// batches of 100 000 and more, in input order. Agencies ask only of measures their kind enforces
// (403 NotAnEnforcer), for `enforcement` or `eligibility` (default: by the measure's kind); the
// operator at the command line checks for `oversight`. Every subject checked is one audit entry
// carrying the check's id, which the caller gets back to quote.
import { randomBytes } from 'node:crypto';
import type { Purpose } from '../../core/access/purposes.js';
import { DomainError } from '../../core/errors/domain-error.js';
import {
  checkIdentifier,
  invalidIdentifierMessage,
  requireIdentifier,
} from '../../core/identifiers/index.js';
import type { CompiledPolicy } from '../../core/policy/index.js';
import type { CheckResult } from '../../core/scoring/index.js';
import type { Instant } from '../../core/time/instant.js';
import { enforcedMeasure } from '../access/access-rules.js';
import { agencyOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { audited, auditEntry, type Access } from '../audit/access-audit.js';
import type { AuditEvent } from '../audit/audit-sink.js';

const CHECK_PURPOSES: readonly Purpose[] = ['enforcement', 'eligibility'];

/**
 * A batch is checked this many subjects at a time, yielding to the event loop between chunks, so
 * that a large batch (up to the API's 1 000 000 subjects) never holds up other requests (health,
 * readiness, single checks) for longer than one chunk takes.
 */
export const BATCH_CHUNK = 2_000;

/** Lets other work (requests, timers, I/O) run before the next chunk. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface CheckRequest {
  readonly measure: string;
  /** `enforcement` or `eligibility` for agencies (default: by the measure's kind). */
  readonly purpose?: Purpose | undefined;
  /** As of this instant (default: now); only the operator may look at another instant. */
  readonly at?: Instant | undefined;
}

/** One item of a batch check: the result, or why the identifier was refused (C10). */
export type BatchCheckItem =
  | CheckResult
  | {
      readonly subject: string;
      readonly measure: string;
      readonly error: { readonly code: 'InvalidIdentifier'; readonly message: string };
    };

type CheckDeps = Pick<AppDeps, 'standing' | 'audit' | 'clock'>;

/** An id for a check, returned to the caller and written into its audit entries' outcome. */
function newCheckId(): string {
  return `chk_${randomBytes(12).toString('base64url')}`;
}

/** The purpose of a check, after refusing callers who may not ask about this measure. */
function authorise(caller: Caller, policy: CompiledPolicy, request: CheckRequest): Purpose {
  if (caller.kind === 'operator') return 'oversight';
  const measure = enforcedMeasure(policy, agencyOf(caller), request.measure);
  if (request.purpose !== undefined && !CHECK_PURPOSES.includes(request.purpose)) {
    throw new DomainError(
      'PurposeNotPermitted',
      `a check is for ${CHECK_PURPOSES.join(' or ')}, not "${request.purpose}"`,
    );
  }
  if (request.at !== undefined) {
    throw new DomainError('PurposeNotPermitted', 'an agency checks as of now only');
  }
  return request.purpose ?? (measure.kind === 'benefit' ? 'eligibility' : 'enforcement');
}

/** The access a check starts as: the purpose is refined once the caller is authorised. */
function checkAccess(caller: Caller, request: CheckRequest, action: string, subject: string) {
  const purpose = request.purpose ?? (caller.kind === 'operator' ? 'oversight' : 'enforcement');
  return { current: { caller, purpose, action, subject } as Access };
}

/** What every check does first: find the standing and the instant, and authorise the caller. */
async function authorised(
  deps: CheckDeps,
  caller: Caller,
  request: CheckRequest,
  access: { current: Access },
) {
  const standing = await deps.standing();
  const now = deps.clock();
  const at = request.at ?? now;
  const purpose = authorise(caller, standing.policyAt(at), request);
  access.current = { ...access.current, purpose };
  return { standing, now, at };
}

/** One check; an invalid identifier is 422 `InvalidIdentifier`. */
export async function checkOne(
  deps: CheckDeps,
  caller: Caller,
  request: CheckRequest & { readonly subject: string },
): Promise<CheckResult & { readonly checkId: string }> {
  const access = checkAccess(caller, request, 'check', request.subject);
  const checkId = newCheckId();
  return audited(
    deps,
    access,
    async () => {
      const { standing, now, at } = await authorised(deps, caller, request, access);
      const key = requireIdentifier(request.subject, now).normalized;
      access.current = { ...access.current, subject: key };
      return { ...(await standing.check(key, request.measure, at)), checkId };
    },
    (result, at) => [
      auditEntry(access.current, at, `${result.decision} ${request.measure} ${checkId}`),
    ],
  );
}

/** One result per identifier, in input order; an invalid identifier is an item error. */
export async function checkBatch(
  deps: CheckDeps,
  caller: Caller,
  request: CheckRequest & { readonly subjects: readonly string[] },
): Promise<{ readonly checkId: string; readonly results: BatchCheckItem[] }> {
  // A refusal is one `check-batch` entry; an answer is one `check` entry per subject.
  const access = checkAccess(caller, request, 'check-batch', '');
  const checkId = newCheckId();
  return audited(
    deps,
    access,
    async () => {
      const { standing, now, at } = await authorised(deps, caller, request, access);
      access.current = { ...access.current, action: 'check' };
      const results = new Array<BatchCheckItem>(request.subjects.length);
      // Chunk by chunk, yielding between chunks: each subject is checked at the same instant
      // `at`, against the ledger as the standing holds it when its chunk runs.
      for (let start = 0; start < request.subjects.length; start += BATCH_CHUNK) {
        if (start > 0) await yieldToEventLoop();
        const keys: string[] = [];
        const positions: number[] = [];
        const end = Math.min(start + BATCH_CHUNK, request.subjects.length);
        for (let i = start; i < end; i += 1) {
          const input = request.subjects[i] ?? '';
          const id = checkIdentifier(input, now);
          if (id.valid) {
            keys.push(id.normalized);
            positions.push(i);
          } else {
            results[i] = {
              subject: input,
              measure: request.measure,
              error: { code: 'InvalidIdentifier', message: invalidIdentifierMessage(input, id) },
            };
          }
        }
        const checked = await standing.checkBatch(keys, request.measure, at);
        checked.forEach((r, j) => {
          results[positions[j] ?? 0] = r;
        });
      }
      return { checkId, results };
    },
    ({ results }, at) => {
      const events = new Array<AuditEvent>(results.length);
      results.forEach((r, i) => {
        const outcome = 'error' in r ? `invalid ${r.error.code}` : r.decision;
        events[i] = auditEntry(
          { ...access.current, subject: r.subject },
          at,
          `${outcome} ${request.measure} ${checkId}#${i}`,
        );
      });
      return events;
    },
  );
}
