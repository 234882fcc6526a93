// Need to know (charter C11): an agency reading a subject for `enforcement` or `eligibility` is
// told what it must act on and why, nothing more. It gets the check answer of every measure its
// kind enforces (decision, legal basis, the lists that bring it, until when) and those lists with
// their dates, legal basis and qualifying records: the answer of the check door, with its reasons.
// The score, the grade, the contributions and the records that do not count are an explanation
// for the subject, the agency deciding an objection and the authority, not for an airline.
import type { Purpose } from '../../core/access/purposes.js';
import type { SubjectKind } from '../../core/ledger/ledger-types.js';
import type { CompiledPolicy } from '../../core/policy/index.js';
import {
  checkMeasure,
  type CheckDecision,
  type ListReason,
  type SubjectEvaluation,
} from '../../core/scoring/index.js';

/** The purposes that are answered with the need-to-know view rather than the explanation. */
export const NEED_TO_KNOW_PURPOSES = ['enforcement', 'eligibility'] as const;
export type NeedToKnowPurpose = (typeof NEED_TO_KNOW_PURPOSES)[number];

export function isNeedToKnowPurpose(purpose: Purpose): purpose is NeedToKnowPurpose {
  return (NEED_TO_KNOW_PURPOSES as readonly Purpose[]).includes(purpose);
}

/** One measure the reader's kind enforces, answered as the check door answers it. */
export interface NeedToKnowMeasure {
  readonly measure: string;
  readonly kind: 'restriction' | 'benefit';
  readonly label: string;
  readonly legalBasis: string;
  readonly decision: CheckDecision;
  /** The subject's lists that bring it (empty when it does not apply). */
  readonly lists: readonly string[];
  /**
   * Until when it applies: the latest expected end among those lists; null when it does not
   * apply or when one of them has no expected end (an incentive list).
   */
  readonly until: string | null;
}

export interface NeedToKnowView {
  readonly view: 'need-to-know';
  readonly subject: string;
  readonly kind: SubjectKind;
  readonly at: string;
  readonly purpose: NeedToKnowPurpose;
  readonly policy: string;
  readonly policyVersion: number;
  /** Every measure of the policy the reader's kind enforces, in policy order. */
  readonly measures: readonly NeedToKnowMeasure[];
  /** The lists the subject is on that bring one of those measures, with their reasons. */
  readonly lists: readonly ListReason[];
}

/** What a subject read answers: the full explanation, or the need-to-know view. */
export type SubjectView = SubjectEvaluation | NeedToKnowView;

export function isNeedToKnow(view: SubjectView): view is NeedToKnowView {
  return 'view' in view && view.view === 'need-to-know';
}

function latest(ends: readonly (string | null)[]): string | null {
  if (ends.length === 0 || ends.includes(null)) return null;
  return (ends as string[]).reduce((a, b) => (b > a ? b : a));
}

/** The need-to-know view of an evaluation for an agency of `agencyKind`. */
export function needToKnowView(
  evaluation: SubjectEvaluation,
  policy: CompiledPolicy,
  agencyKind: string,
  purpose: NeedToKnowPurpose,
): NeedToKnowView {
  const measures = policy.measures
    .filter((m) => m.enforcers.includes(agencyKind))
    .map((m): NeedToKnowMeasure => {
      const check = checkMeasure(evaluation, m, policy);
      return {
        measure: m.id,
        kind: m.kind,
        label: m.label,
        legalBasis: m.legalBasis,
        decision: check.decision,
        lists: check.reasons.map((r) => r.list),
        until: latest(check.reasons.map((r) => r.until)),
      };
    });
  const shown = new Set(measures.flatMap((m) => m.lists));
  return {
    view: 'need-to-know',
    subject: evaluation.subject,
    kind: evaluation.kind,
    at: evaluation.at,
    purpose,
    policy: evaluation.policy,
    policyVersion: evaluation.policyVersion,
    measures,
    lists: evaluation.lists.filter((l) => shown.has(l.list)),
  };
}
