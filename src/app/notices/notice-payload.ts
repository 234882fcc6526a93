// What a notice tells its subject (charter C6, C12; FCRA §1681m): the kinds of notice
// and the JSON each carries. Payloads are values, stored as JSON text and delivered as they are,
// so every instant in them is an ISO string. `summary` is the one paragraph a person reads, in the
// subject's language when the notice was composed (`language`), and `summaries` the same paragraph
// in every notice language (a notice keeps the words it was composed with: a later change of
// language, or a reader who helps the subject in the other one, need no new notice); durations and
// dates are said in words there and the citizen portal's address (`portal`) is named. The other
// fields say the same as data, for the portal and for machines (durations in ISO 8601, instants as
// ISO strings, the API door).
import { APPEAL_WINDOW as CORE_APPEAL_WINDOW } from '../../core/due-process/objection-state.js';
import type { Labels } from '../../core/catalog/index.js';
import type { RecordFields } from '../../core/ledger/ledger-types.js';
import type { NoticeLanguage } from './notice-language.js';

export const NOTICE_KINDS = [
  'record-accepted',
  'list-joined',
  'list-left',
  'objection-decided',
  'appeal-decided',
  'repair-decided',
  'record-changed',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Where the subject objects to a record (interfaces.md). */
export const OBJECTION_DOOR = 'POST /v1/citizen/objections';
/** Where the subject appeals an objection decision to the authority. */
export const APPEAL_DOOR = 'POST /v1/citizen/appeals';
/** How long the subject has to appeal an objection decision (the core's APPEAL_WINDOW, SPC: 10 days). */
export const APPEAL_WINDOW = CORE_APPEAL_WINDOW.text;

/** What every notice says in words: its paragraph in each language, and where to act. */
export interface NoticeText {
  /** The language of `summary`: the subject's when the notice was composed (default zh-CN). */
  readonly language: NoticeLanguage;
  /** The paragraph a person reads, in `language`. */
  readonly summary: string;
  /** The same paragraph in every notice language. */
  readonly summaries: Readonly<Record<NoticeLanguage, string>>;
  /** The citizen portal's address the text names (the setting PROBITY_PORTAL_URL). */
  readonly portal: string;
}

export interface NoticeAgency {
  readonly id: string;
  /** The agency's name; its id when the agency is not known. */
  readonly name: string;
}

/**
 * A list, measure or category's label in other languages, as the policy or catalogue in force gave
 * it (`labels: {zh-CN: ...}`); absent when it gives none (and in notices composed before issue 13).
 * A notice in a language says that label, else `label`.
 */
export interface NoticeLabels {
  readonly labels?: Labels;
}

export interface NoticeMeasure extends NoticeLabels {
  readonly id: string;
  readonly label: string;
  readonly legalBasis: string;
}

export interface NoticeList extends NoticeLabels {
  readonly id: string;
  readonly label: string;
  readonly kind: 'sanction' | 'incentive';
  readonly legalBasis: string;
  /** The joint measures attached to the list by the policy in force. */
  readonly measures: readonly NoticeMeasure[];
}

/** A sanction list an accepted record puts its subject on, and from when. */
export interface NoticeListConsequence extends NoticeList {
  /** recordedAt + the list's noticePeriod: no check denies anything before (C6). */
  readonly effectiveFrom: string;
  readonly noticePeriod: string;
  /** The record's effectEnd: the entry ends then at the latest. */
  readonly until: string;
}

export interface RecordAcceptedPayload extends NoticeText {
  readonly kind: 'record-accepted';
  readonly record: {
    readonly id: number;
    readonly category: string;
    readonly label: string;
    readonly labels?: Labels;
    readonly tier: string | null;
    readonly occurredAt: string;
    readonly recordedAt: string;
    /** The catalogue fields as recorded (a closed, minimal set by C1, C2). */
    readonly fields: RecordFields;
  };
  readonly agency: NoticeAgency;
  readonly legalBasis: string;
  readonly effect: {
    /** occurredAt → effectEnd (charter C7: counted from the conduct, never re-aged). */
    readonly from: string;
    readonly until: string;
    readonly endsWhenFulfilled: boolean;
    /** From when repair may be asked once the obligation is fulfilled; null when never. */
    readonly repairFrom: string | null;
  };
  /** The sanction lists the record qualifies for, in policy order; empty when none. */
  readonly lists: readonly NoticeListConsequence[];
  /**
   * The record's first objection has no window of its own (core/due-process/objection-state.ts):
   * it is taken as long as the record counts. (Notices issued before issue 10 carry `before` and
   * `within` instead: the notice's issue + the category's objectionDeadline, read wrongly then as
   * the subject's window to object; they are kept as issued.)
   */
  readonly objection: {
    /**
     * Until when an objection is taken (exclusive): the record's effect end (`effect.until`,
     * objectionsUntil), the latest moment it can count; a revoked or repaired record takes none.
     */
    readonly until: string;
    /** How and until when to object, in `language`, naming the portal. */
    readonly how: string;
    /** The API door objections are filed at. */
    readonly door: string;
    /**
     * How long the submitting agency has to decide, counted from each objection (ISO 8601: the
     * category's objectionDeadline). Undecided past it, the record's first objection lifts its
     * effect until the decision (C8); a later objection binds the agency but lifts nothing.
     */
    readonly decisionWithin: string;
  };
}

export interface ListJoinedPayload extends NoticeText {
  readonly kind: 'list-joined';
  readonly list: NoticeList;
  readonly since: string;
  /** Expected end (sanction lists); null for incentive lists. */
  readonly until: string | null;
  readonly records: readonly number[];
}

export interface ListLeftPayload extends NoticeText {
  readonly kind: 'list-left';
  readonly list: NoticeList;
  readonly since: string;
  /** When the membership was found ended. */
  readonly endedAt: string;
  readonly records: readonly number[];
}

export type DecisionKind =
  'objection-decided' | 'appeal-decided' | 'repair-decided' | 'record-changed';

export interface DecisionPayload extends NoticeText {
  readonly kind: DecisionKind;
  /** The ledger event's type: upheld, corrected, revoked, repaired, or a refusal. */
  readonly decision: string;
  readonly record: {
    readonly id: number;
    readonly category: string;
    readonly label: string;
    readonly labels?: Labels;
  };
  readonly decidedAt: string;
  readonly decidedBy: NoticeAgency;
  readonly reason: string | null;
  /** `corrected`: the new field values. */
  readonly fields: RecordFields | null;
  /**
   * Objection decisions only: until when and where the subject may appeal to the authority; null
   * for other kinds, for a decision that revoked the record (nothing left to appeal) and when the
   * record's effect ended before the decision.
   */
  readonly appeal: {
    /** Until when (exclusive): the decision + `within`, or the record's effect end if sooner. */
    readonly before: string;
    /** How long the subject has to appeal (ISO 8601, APPEAL_WINDOW), counted from the decision. */
    readonly within: string;
    /** How and until when to appeal, in `language`, naming the portal. */
    readonly how: string;
    /** The API door appeals are filed at. */
    readonly door: string;
  } | null;
  /**
   * Objection decisions only: until when the subject may object again, and only with evidence not
   * offered before on the record (ObjectionNoNewEvidence otherwise); null for other kinds, for a
   * revoked record and when that time had passed at the decision.
   */
  readonly repeat: {
    /**
     * Until when (exclusive): the record's notice (its recordedAt) + REPEAT_OBJECTION_WINDOW
     * (P1Y), or its effect end if sooner (repeatObjectionLatest).
     */
    readonly until: string;
    /** How, with what and until when to object again, in `language`, naming the portal. */
    readonly how: string;
    /** The API door objections are filed at. */
    readonly door: string;
  } | null;
  /**
   * True for an appeal decision: the authority's decision is final, no objection or appeal is
   * taken on the record after it (DecisionFinal); a court, or a new record submitted by the agency,
   * can still change it (the words say so).
   */
  readonly final: boolean;
}

export type NoticePayload =
  RecordAcceptedPayload | ListJoinedPayload | ListLeftPayload | DecisionPayload;
