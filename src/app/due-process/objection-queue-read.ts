// The queues of due process, read by those who decide (charter C8): the submitting agency's
// objections (GET /v1/objections, `probity objection list`: open ones by default, with their
// deadlines and whether they are overdue) and the authority's appeals (GET /v1/appeals). Reading
// a queue is reading about the subjects in it: one audit entry per objection shown (`dispute-review`
// for the agency, `oversight` for the authority), or one naming no one when the queue is empty.
import type { Instant } from '../../core/time/instant.js';
import { agencyOf, authorityOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { audited, auditEntry, type Access } from '../audit/access-audit.js';
import type { AuditEvent } from '../audit/audit-sink.js';
import { APPEALS_DECIDED } from './appeal-decide.js';
import type { ObjectionQueue, QueueFilter } from './objection-queue.js';
import { objectionView, type ObjectionView } from './objection-view.js';

export type QueueReadDeps = Pick<AppDeps, 'standing' | 'audit' | 'clock'> & {
  /** The application's queue (it remembers which records ever had an objection). */
  readonly objectionQueue: ObjectionQueue;
};

export interface QueueRequest {
  /** `open` (default), `decided` or `all`. */
  readonly status?: QueueFilter | undefined;
}

/** One entry per objection shown, or one about no one subject for an empty queue. */
function readEntries(access: Access, views: readonly ObjectionView[], at: Instant): AuditEvent[] {
  const subjects = views.length === 0 ? [''] : views.map((v) => v.subject);
  return subjects.map((subject) => auditEntry({ ...access, subject }, at, 'read'));
}

/** The objections on the records the calling agency submitted. */
export async function listObjections(
  deps: QueueReadDeps,
  caller: Caller,
  request: QueueRequest = {},
): Promise<ObjectionView[]> {
  const agency = agencyOf(caller);
  const access = {
    current: { caller, purpose: 'dispute-review', action: 'read-objections', subject: '' },
  };
  return audited(
    deps,
    access,
    async () => {
      const now = deps.clock();
      const standing = await deps.standing();
      const found = await deps.objectionQueue.ofAgency(
        agency.id,
        request.status ?? 'open',
        now,
        (record) => standing.categoryOf(record),
      );
      return found.map((q) => objectionView(q, now));
    },
    (views, at) => readEntries(access.current, views, at),
  );
}

/** The appealed objections (the authority's queue); other agencies: 403 AuthorityOnly, audited. */
export async function listAppeals(
  deps: QueueReadDeps,
  caller: Caller,
  request: QueueRequest = {},
): Promise<ObjectionView[]> {
  const access = {
    current: { caller, purpose: 'oversight', action: 'read-appeals', subject: '' },
  };
  return audited(
    deps,
    access,
    async () => {
      authorityOf(caller, APPEALS_DECIDED);
      const now = deps.clock();
      const standing = await deps.standing();
      const found = await deps.objectionQueue.appeals(request.status ?? 'open', now, (record) =>
        standing.categoryOf(record),
      );
      return found.map((q) => objectionView(q, now));
    },
    (views, at) => readEntries(access.current, views, at),
  );
}
