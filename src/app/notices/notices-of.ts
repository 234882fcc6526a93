// A subject's own notices, newest first, as the citizen API serves them (`GET /v1/citizen/notices`):
// what each said and whether and when it was delivered. The caller has established that the
// citizen is this subject; nothing here reaches another subject's notices.
import { formatInstant } from '../../core/time/instant.js';
import type { NoticeStatus, NoticeStore } from '../ports/notice-store.js';
import type { NoticeKind, NoticePayload } from './notice-payload.js';

export interface SubjectNotice {
  readonly id: number;
  readonly kind: NoticeKind;
  /** When the notice was issued (ISO instant). */
  readonly createdAt: string;
  readonly payload: NoticePayload;
  readonly delivery: {
    readonly status: NoticeStatus;
    readonly attempts: number;
    readonly deliveredAt: string | null;
  };
}

export interface NoticesOfOptions {
  /** At most this many (default 50, at most 500). */
  readonly limit?: number;
  /** Only notices older than this id (the next page after a page ending at it). */
  readonly beforeId?: number;
}

export const MAX_NOTICES_PAGE = 500;

export async function noticesOf(
  store: NoticeStore,
  subject: string,
  options: NoticesOfOptions = {},
): Promise<SubjectNotice[]> {
  const limit = Math.max(0, Math.min(options.limit ?? 50, MAX_NOTICES_PAGE));
  const rows = await store.noticesOfSubject(subject, limit, options.beforeId);
  return rows.map((n) => ({
    id: n.id,
    kind: n.kind,
    createdAt: formatInstant(n.createdAt),
    payload: n.payload,
    delivery: {
      status: n.delivery.status,
      attempts: n.delivery.attempts,
      deliveredAt:
        n.delivery.deliveredAt === undefined ? null : formatInstant(n.delivery.deliveredAt),
    },
  }));
}
