// The notices a ledger event or a feed delta gives rise to, as values (charter C6, C12;
// FCRA §1681m): an adverse record accepted (what, by whom, the legal basis, the effect window, the
// lists it puts the subject on and from when, how and until when to object); a list membership
// started or ended; an objection, appeal or repair decided, or a record changed by its agency.
// Each notice is keyed by its source, so composing it again gives the same key and the store keeps
// the first. Nothing here reads the clock or the store: `issuedAt`, the agency names, the
// subjects' languages and the portal's address arrive. The words (notice-text.ts) are composed
// here, once: in the subject's language then (default zh-CN) and in every other, naming the portal.
import {
  appealLatest,
  objectionsUntil,
  repeatObjectionLatest,
} from '../../core/due-process/objection-state.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type {
  LedgerRecord,
  LedgerRecordEvent,
  RecordFields,
} from '../../core/ledger/ledger-types.js';
import type { Category, Labels } from '../../core/catalog/index.js';
import type { CompiledPolicy, PolicyList } from '../../core/policy/index.js';
import { addDuration } from '../../core/time/duration.js';
import { formatInstant, instant, type Instant } from '../../core/time/instant.js';
import type { FeedDelta } from '../ports/list-feed-store.js';
import type { NewNotice } from '../ports/notice-store.js';
import type { ScoringContext } from '../standing/scoring-context.js';
import {
  DEFAULT_NOTICE_LANGUAGE,
  DEFAULT_PORTAL_URL,
  type NoticeLanguage,
} from './notice-language.js';
import { appealHowIn, objectionHowIn, repeatHowIn, wordNotice } from './notice-text.js';
import {
  APPEAL_DOOR,
  APPEAL_WINDOW,
  OBJECTION_DOOR,
  type DecisionKind,
  type DecisionPayload,
  type ListJoinedPayload,
  type ListLeftPayload,
  type NoticeAgency,
  type NoticeList,
  type NoticeListConsequence,
  type RecordAcceptedPayload,
} from './notice-payload.js';

export interface ComposeContext {
  /** The catalogue versions and the policies (a standing's, or the sync's freshly loaded ones). */
  readonly scoring: Pick<ScoringContext, 'categoryOf' | 'policyAt'>;
  /** Agency id → name. */
  readonly agencies: ReadonlyMap<string, string>;
  /** When the notice is issued (the derivation's now). */
  readonly issuedAt: Instant;
  /** The citizen portal's address the notices name (default: DEFAULT_PORTAL_URL). */
  readonly portalUrl?: string | undefined;
  /** The language each subject chose; a subject not in it reads the default (zh-CN). */
  readonly languages?: ReadonlyMap<string, NoticeLanguage> | undefined;
}

function languageOf(ctx: ComposeContext, subject: string): NoticeLanguage {
  return ctx.languages?.get(subject) ?? DEFAULT_NOTICE_LANGUAGE;
}

function portalOf(ctx: ComposeContext): string {
  return ctx.portalUrl ?? DEFAULT_PORTAL_URL;
}

/** Record events that decide something the subject must hear about (besides list changes). */
const DECISIONS = new Set(['upheld', 'corrected', 'revoked', 'repaired']);

/** A decision, or a refusal (an objections or repair refusal recorded as its own event type). */
export function isDecisionEvent(type: string): boolean {
  return DECISIONS.has(type) || type.endsWith('refused');
}

function agencyOf(ctx: ComposeContext, id: string): NoticeAgency {
  return { id, name: ctx.agencies.get(id) ?? id };
}

/** The policy in force at t, or undefined before the first one. */
function policyAt(ctx: ComposeContext, t: Instant): CompiledPolicy | undefined {
  try {
    return ctx.scoring.policyAt(t);
  } catch (error) {
    if (error instanceof DomainError) return undefined;
    throw error;
  }
}

/** `{labels}` when the document in force gives its item labels in other languages; else nothing. */
function labelsOf(item: { readonly labels?: Labels } | undefined): { labels?: Labels } {
  return item?.labels === undefined ? {} : { labels: item.labels };
}

function listOf(policy: CompiledPolicy | undefined, id: string, fallbackBasis: string): NoticeList {
  const list: PolicyList | undefined = policy?.listsById.get(id);
  const measures = (policy?.measuresByList.get(id) ?? []).map((m) => ({
    id: m.id,
    label: m.label,
    ...labelsOf(m),
    legalBasis: m.legalBasis,
  }));
  return {
    id,
    label: list?.label ?? id,
    ...labelsOf(list),
    kind: list?.kind ?? 'sanction',
    legalBasis: list?.legalBasis ?? fallbackBasis,
    measures,
  };
}

// ---- An adverse record accepted

/**
 * The notice of an accepted adverse record; undefined for a favourable record, an unknown
 * category, or a record whose effect has ended already (nothing left to contest or to warn of).
 */
export function recordAcceptedNotice(
  record: LedgerRecord,
  ctx: ComposeContext,
): NewNotice | undefined {
  const category = ctx.scoring.categoryOf(record);
  if (category?.polarity !== 'adverse') return undefined;
  // The record counts until then at the latest, and objections are taken until then (the core).
  const effectEnd = objectionsUntil(record, category);
  if (effectEnd <= ctx.issuedAt) return undefined;
  const issuedAt = instant(Math.max(ctx.issuedAt, record.recordedAt));
  const agency = agencyOf(ctx, record.agencyId);

  const policy = policyAt(ctx, issuedAt);
  const plan = policy?.plansByCategory.get(record.category);
  const lists: NoticeListConsequence[] = [];
  for (const list of plan?.sanctionLists ?? []) {
    if (!list.subjects.includes(record.subjectKind)) continue;
    if (
      list.include.when &&
      !list.include.when.evaluate(record.fields, record.category, plan?.tier ?? '')
    )
      continue;
    lists.push({
      ...listOf(policy, list.id, list.legalBasis),
      effectiveFrom: formatInstant(addDuration(record.recordedAt, list.noticePeriod)),
      noticePeriod: list.noticePeriod.text,
      until: formatInstant(effectEnd),
    });
  }

  const repairAfter = category.effect.repairAfter;
  const language = languageOf(ctx, record.subject);
  const portal = portalOf(ctx);
  const payload = wordNotice<RecordAcceptedPayload>(
    {
      kind: 'record-accepted',
      record: {
        id: record.id,
        category: record.category,
        label: category.label,
        ...labelsOf(category),
        tier: category.tier ?? null,
        occurredAt: formatInstant(record.occurredAt),
        recordedAt: formatInstant(record.recordedAt),
        fields: record.fields,
      },
      agency,
      legalBasis: category.legalBasis,
      effect: {
        from: formatInstant(record.occurredAt),
        until: formatInstant(effectEnd),
        endsWhenFulfilled: category.effect.endsWhenFulfilled,
        repairFrom:
          repairAfter === undefined
            ? null
            : formatInstant(addDuration(record.occurredAt, repairAfter)),
      },
      lists,
      objection: {
        until: formatInstant(effectEnd),
        how: objectionHowIn(language, formatInstant(effectEnd), portal),
        door: OBJECTION_DOOR,
        decisionWithin: category.objectionDeadline.text,
      },
    },
    language,
    portal,
  );
  return {
    subject: record.subject,
    kind: 'record-accepted',
    source: `record:${record.id}`,
    createdAt: issuedAt,
    payload,
  };
}

// ---- A list membership started or ended

/** The notice of a feed `add` or `remove`; undefined for a `modify`. */
export function feedNotice(delta: FeedDelta, ctx: ComposeContext): NewNotice | undefined {
  if (delta.op === 'modify') return undefined;
  const list = listOf(policyAt(ctx, delta.at), delta.list, delta.entry.legalBasis);
  const base = { subject: delta.subject, source: `feed:${delta.seq}`, createdAt: ctx.issuedAt };
  const records = [...delta.entry.records];
  const language = languageOf(ctx, delta.subject);
  const portal = portalOf(ctx);
  if (delta.op === 'add') {
    return {
      ...base,
      kind: 'list-joined',
      payload: wordNotice<ListJoinedPayload>(
        {
          kind: 'list-joined',
          list,
          since: delta.entry.since,
          until: delta.entry.until,
          records,
        },
        language,
        portal,
      ),
    };
  }
  return {
    ...base,
    kind: 'list-left',
    payload: wordNotice<ListLeftPayload>(
      {
        kind: 'list-left',
        list,
        since: delta.entry.since,
        endedAt: formatInstant(delta.at),
        records,
      },
      language,
      portal,
    ),
  };
}

// ---- A decision

/**
 * The notice of a decision on a record: `prior` are the record's events before this one, in seq
 * order (they say whether an objection or an appeal was open). Undefined for other events.
 */
export function decisionNotice(
  event: LedgerRecordEvent,
  record: LedgerRecord,
  prior: readonly LedgerRecordEvent[],
  ctx: ComposeContext,
): NewNotice | undefined {
  const type: string = event.type;
  if (!isDecisionEvent(type)) return undefined;
  const kind = decisionKind(type, prior);
  const decidedBy = agencyOf(ctx, event.actor);
  const category = ctx.scoring.categoryOf(record);
  const label = category?.label ?? record.category;
  const fields: RecordFields | null = type === 'corrected' ? (event.fields ?? null) : null;
  const language = languageOf(ctx, record.subject);
  const portal = portalOf(ctx);
  const payload = wordNotice<DecisionPayload>(
    {
      kind,
      decision: type,
      record: { id: record.id, category: record.category, label, ...labelsOf(category) },
      decidedAt: formatInstant(event.at),
      decidedBy,
      reason: event.reason ?? null,
      fields,
      ...afterObjectionDecision(kind, event, record, category, language, portal),
      final: kind === 'appeal-decided',
    },
    language,
    portal,
  );
  return {
    subject: record.subject,
    kind,
    source: `event:${event.seq}`,
    createdAt: instant(Math.max(ctx.issuedAt, event.recordedAt)),
    payload,
  };
}

/**
 * What the subject may still do after the agency decided an objection, as the core allows it:
 * appeal until appealLatest, and object again with new evidence until repeatObjectionLatest. A
 * revoked record takes neither (RecordClosed), nor one whose effect has ended; any other kind of
 * decision has neither (an appeal decision is final).
 */
function afterObjectionDecision(
  kind: DecisionKind,
  event: LedgerRecordEvent,
  record: LedgerRecord,
  category: Category | undefined,
  language: NoticeLanguage,
  portal: string,
): Pick<DecisionPayload, 'appeal' | 'repeat'> {
  if (kind !== 'objection-decided' || event.type === 'revoked' || category === undefined)
    return { appeal: null, repeat: null };
  const appealBefore = appealLatest(record, category, event.at);
  const repeatUntil = repeatObjectionLatest(record, category);
  return {
    appeal:
      appealBefore > event.at
        ? {
            before: formatInstant(appealBefore),
            within: APPEAL_WINDOW,
            how: appealHowIn(language, APPEAL_WINDOW, formatInstant(appealBefore), portal),
            door: APPEAL_DOOR,
          }
        : null,
    repeat:
      repeatUntil > event.at
        ? {
            until: formatInstant(repeatUntil),
            how: repeatHowIn(language, formatInstant(repeatUntil), portal),
            door: OBJECTION_DOOR,
          }
        : null,
  };
}

/** Which process the decision ends: an open appeal, an open objection, a repair, or none. */
function decisionKind(type: string, prior: readonly LedgerRecordEvent[]): DecisionKind {
  if (type === 'repaired' || type.startsWith('repair')) return 'repair-decided';
  let open: 'objection' | 'appeal' | undefined;
  for (const e of prior) {
    const t: string = e.type;
    if (t === 'objected') open = 'objection';
    else if (t === 'appealed') open = 'appeal';
    else if (isDecisionEvent(t) && !t.startsWith('repair')) open = undefined;
  }
  if (open === 'appeal') return 'appeal-decided';
  if (open === 'objection') return 'objection-decided';
  return 'record-changed';
}
