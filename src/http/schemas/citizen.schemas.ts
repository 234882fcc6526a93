// TypeBox schemas of the citizen doors (interfaces.md, `/v1/citizen/*`): signing in with a
// one-time code, and the subject's own records, notices and access log. The score explanation is
// the agency read's SubjectEvaluationSchema: a subject sees the explanation the authority sees.
import { Type, type TSchema } from 'typebox';
import { Identifier, SubjectEvaluationSchema } from './api.schemas.js';

export const CitizenSessionBody = Type.Object({
  identifier: Identifier,
  code: Type.String({ minLength: 1, maxLength: 32, description: 'the one-time sign-in code' }),
});

export const CitizenSessionCreated = Type.Object({
  token: Type.String({ description: 'bearer token for the subject’s own data only; shown once' }),
  expiresAt: Type.String({ description: 'when the session ends (ISO 8601)' }),
});

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A response array: readonly in the static type, so domain values (readonly arrays) fit. */
function List<T extends TSchema>(items: T, options: { description?: string } = {}) {
  return Type.Immutable(Type.Array(items, options));
}

const CitizenRecordEvent = Type.Object({
  seq: Type.Integer(),
  type: Type.String({
    description: 'fulfilled, suspended, resumed, objected, upheld, corrected, revoked, repaired...',
  }),
  at: Type.String(),
  recordedAt: Type.String(),
  actor: Type.String(),
  reason: Nullable(Type.String()),
});

const CitizenRecord = Type.Object({
  id: Type.Integer(),
  category: Type.String(),
  agency: Type.String({ description: 'the agency that recorded it' }),
  sourceRef: Type.String(),
  occurredAt: Type.String(),
  recordedAt: Type.String(),
  fields: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean()])),
  inForce: Type.Boolean(),
  notInForceReason: Nullable(
    Type.String({
      description: 'expired, revoked, repaired, fulfilled, suspended, objection-overdue...',
    }),
  ),
  effectEnd: Nullable(
    Type.String({ description: 'hard expiry, counted from the conduct (charter C7)' }),
  ),
  endsWhenFulfilled: Type.Boolean(),
  repairFrom: Nullable(Type.String({ description: 'from when repair can be asked' })),
  lists: List(Type.String(), { description: 'the lists this record puts the subject on now' }),
  events: List(CitizenRecordEvent),
});

export const CitizenRecordsResponse = Type.Object({
  subject: Type.String(),
  at: Type.String(),
  records: List(CitizenRecord),
});

export const CitizenNoticesResponse = Type.Object({
  notices: List(Type.Object({}, { additionalProperties: true }), {
    description:
      'the notices issued to the subject, newest first: {id, kind, createdAt, payload, delivery}. ' +
      'The payload of a record-accepted notice says until when an objection is taken ' +
      '(`objection.until`: the record’s effect end; no other window) and how long the agency then ' +
      'has to decide (`objection.decisionWithin`); that of an objection-decided notice until when ' +
      'the decision can be appealed (`appeal`) and an objection with new evidence filed ' +
      '(`repeat`), each null when not possible; an appeal-decided notice is `final`. Notices ' +
      'issued before these fields keep the fields they were issued with.',
  }),
});

export const AccessLogQuery = Type.Object({
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 1000,
      default: 200,
      description: 'entries on this page (at most 1000), newest first',
    }),
  ),
  before: Type.Optional(
    Type.Integer({
      minimum: 1,
      description: 'the `next` cursor of the page before: only entries older than it',
    }),
  ),
  agency: Type.Optional(
    Type.String({ maxLength: 63, description: "only this agency's accesses (its id)" }),
  ),
  purpose: Type.Optional(
    Type.String({
      maxLength: 32,
      description:
        'only this purpose: enforcement, eligibility, dispute-review, subject-access, oversight, write',
    }),
  ),
  from: Type.Optional(
    Type.String({ maxLength: 40, description: 'only entries at or after this date or instant' }),
  ),
  to: Type.Optional(
    Type.String({ maxLength: 40, description: 'only entries before this date or instant' }),
  ),
});

export const AccessLogResponse = Type.Object({
  subject: Type.String(),
  entries: List(
    Type.Object({
      seq: Type.Integer({ description: 'position in the tamper-evident audit chain' }),
      at: Type.String(),
      actor: Type.String({
        description: 'agency:<id>, operator, subject:<identifier> (you), anonymous',
      }),
      purpose: Type.String({
        description: 'enforcement, eligibility, dispute-review, subject-access, oversight, write',
      }),
      action: Type.String({ description: 'check, read-subject, submit-records, sign-in...' }),
      outcome: Type.String(),
    }),
    { description: 'one page of the entries that match the filters, newest first' },
  ),
  next: Type.Optional(
    Type.Integer({ description: 'pass as `before` for the next (older) page; absent at the end' }),
  ),
  total: Type.Integer({ description: 'every entry naming you, whatever the filters' }),
  counts: List(
    Type.Object({
      actor: Type.String(),
      purpose: Type.String(),
      entries: Type.Integer(),
      first: Type.String({ description: 'the first of these entries' }),
      last: Type.String({ description: 'the last of these entries' }),
    }),
    {
      description:
        'the whole log by actor and purpose (never only this page), most entries first: no access can be pushed out of view',
    },
  ),
});

export const NoticeLanguageSchema = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')], {
  description: 'the language notices are written in: zh-CN (Simplified Chinese, the default) or en',
});

export const CitizenPreferencesBody = Type.Object(
  { language: NoticeLanguageSchema },
  { additionalProperties: false },
);

export const CitizenPreferencesResponse = Type.Object({
  language: NoticeLanguageSchema,
  updatedAt: Nullable(
    Type.String({ description: 'when I last chose (ISO 8601); null while the default applies' }),
  ),
});

/** Everything held about me, in one document (GET /v1/citizen/export). */
export const CitizenExportResponse = Type.Object({
  format: Type.Literal('probity.subject-export'),
  version: Type.Literal(1),
  subject: Type.String(),
  exportedAt: Type.String({ description: 'every part is as of this instant (ISO 8601)' }),
  evaluation: SubjectEvaluationSchema,
  records: CitizenRecordsResponse.properties.records,
  notices: CitizenNoticesResponse.properties.notices,
  noticesComplete: Type.Boolean({
    description: 'false when there were more notices than one export carries (newest kept)',
  }),
  accessLog: Type.Object({
    total: Type.Integer({ description: 'every entry naming me' }),
    counts: AccessLogResponse.properties.counts,
    entries: AccessLogResponse.properties.entries,
    complete: Type.Boolean({
      description: 'false when there were more entries than one export carries (newest kept)',
    }),
  }),
  preferences: CitizenPreferencesResponse,
});

export const CitizenScoreHistoryQuery = Type.Object({
  days: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 3660,
      default: 365,
      description: 'how far back, in days (at most 61 points, evenly spaced, the last now)',
    }),
  ),
});

export const CitizenScoreHistoryResponse = Type.Object({
  subject: Type.String(),
  days: Type.Integer(),
  stepDays: Type.Integer({ description: 'days between two points' }),
  points: List(
    Type.Object({
      at: Type.String({ description: 'the instant the score is computed for (ISO 8601)' }),
      scorable: Type.Boolean(),
      score: Nullable(Type.Integer()),
      grade: Nullable(Type.String()),
      policy: Type.String(),
      policyVersion: Type.Integer(),
    }),
    { description: 'oldest first; a record counts at a point only once it was recorded by then' },
  ),
});
