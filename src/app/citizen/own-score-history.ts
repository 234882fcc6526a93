// My score over time (GET /v1/citizen/score-history; the citizen portal's chart): my score and
// grade at evenly spaced instants over the last `days` days, each computed as the standing
// computes it for that instant (a record counts at t only once recorded by t, so a point never
// shows what was not yet known then); an instant before any policy was in force has no score and
// is left out. The session names the subject; the read is one access,
// audited like every read of one's own data (`subject-access`, `read-own-score-history`).
import { DomainError } from '../../core/errors/domain-error.js';
import type { SubjectEvaluation } from '../../core/scoring/index.js';
import { formatInstant, instant, type Instant } from '../../core/time/instant.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { Standing } from '../standing/standing.js';
import { ownRead } from './own-data-read.js';

const DAY = 86_400_000;
export const SCORE_HISTORY_DEFAULT_DAYS = 365;
export const SCORE_HISTORY_MAX_DAYS = 3_660;
/** The most points one answer holds; a longer span spaces them further apart. */
export const SCORE_HISTORY_MAX_POINTS = 61;

export interface ScorePoint {
  /** The instant (ISO 8601) the score is computed for. */
  readonly at: string;
  readonly scorable: boolean;
  readonly score: number | null;
  readonly grade: string | null;
  readonly policy: string;
  readonly policyVersion: number;
}

export interface OwnScoreHistory {
  readonly subject: string;
  readonly days: number;
  /** Days between two points. */
  readonly stepDays: number;
  /** Oldest first; the last is now; instants before any policy was in force are left out. */
  readonly points: ScorePoint[];
}

/** The evaluation at `at`; undefined before any policy was in force (nothing to score under). */
async function evaluationAt(
  standing: Standing,
  subject: string,
  at: Instant,
): Promise<SubjectEvaluation | undefined> {
  try {
    return await standing.evaluate(subject, at);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NoPolicyInForce') return undefined;
    throw error;
  }
}

export async function readOwnScoreHistory(
  deps: Pick<AppDeps, 'standing' | 'audit' | 'clock'>,
  caller: Caller,
  request: { readonly days?: number | undefined } = {},
): Promise<OwnScoreHistory> {
  return ownRead(deps, caller, 'read-own-score-history', async (subject) => {
    const days = request.days ?? SCORE_HISTORY_DEFAULT_DAYS;
    if (!Number.isInteger(days) || days < 1 || days > SCORE_HISTORY_MAX_DAYS)
      throw new DomainError(
        'InvalidRequest',
        `days must be a whole number from 1 to ${SCORE_HISTORY_MAX_DAYS}, not ${days}`,
      );
    const stepDays = Math.max(1, Math.ceil(days / (SCORE_HISTORY_MAX_POINTS - 1)));
    const steps = Math.floor(days / stepDays);
    const now = deps.clock();
    const standing = await deps.standing();
    const points: ScorePoint[] = [];
    for (let k = steps; k >= 0; k--) {
      const at = instant(now - k * stepDays * DAY);
      const e = await evaluationAt(standing, subject, at);
      if (e === undefined) continue;
      points.push({
        at: formatInstant(at),
        scorable: e.scorable,
        score: e.score,
        grade: e.grade,
        policy: e.policy,
        policyVersion: e.policyVersion,
      });
    }
    return { subject, days, stepDays, points };
  });
}
