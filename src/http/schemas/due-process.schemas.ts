// TypeBox schemas of the due-process doors: objections, appeals and repair requests (citizen),
// the agency's objection queue and decisions, the authority's appeals.
import { Type } from 'typebox';
import {
  MAX_EVIDENCE_LENGTH,
  MAX_GROUNDS_LENGTH,
  MAX_REASON_LENGTH,
} from '../../core/due-process/objection-state.js';
import { MAX_ID } from './api.schemas.js';

const RecordId = Type.Integer({
  minimum: 1,
  maximum: MAX_ID,
  description: 'the record id (its ledger sequence number)',
});
const Grounds = Type.String({
  minLength: 1,
  maxLength: MAX_GROUNDS_LENGTH,
  description: 'why the subject contests it',
});
const Evidence = Type.String({
  maxLength: MAX_EVIDENCE_LENGTH,
  description:
    'optional evidence text, one item per line (a document, a reference); a repeat objection needs an item not offered before',
});
const FieldValues = Type.Record(
  Type.String(),
  Type.Union([Type.Integer(), Type.String(), Type.Boolean()]),
);

export const ObjectionBody = Type.Object(
  { recordId: RecordId, grounds: Grounds, evidence: Type.Optional(Evidence) },
  { additionalProperties: false },
);
export const AppealBody = Type.Object(
  { recordId: RecordId, grounds: Grounds, evidence: Type.Optional(Evidence) },
  { additionalProperties: false },
);
export const RepairBody = Type.Object({ recordId: RecordId }, { additionalProperties: false });

export const DecisionBody = Type.Object(
  {
    outcome: Type.Union([
      Type.Literal('upheld'),
      Type.Literal('corrected'),
      Type.Literal('revoked'),
    ]),
    fields: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: '`corrected` only: the fields to change (validated against the catalogue)',
      }),
    ),
    reason: Type.String({ minLength: 1, maxLength: MAX_REASON_LENGTH }),
  },
  { additionalProperties: false },
);

export const DueProcessIdParams = Type.Object({
  id: Type.Integer({
    minimum: 1,
    maximum: MAX_ID,
    description: 'the ledger seq of the objection (or appeal)',
  }),
});

export const QueueQuery = Type.Object({
  status: Type.Optional(
    Type.Union([Type.Literal('open'), Type.Literal('decided'), Type.Literal('all')], {
      default: 'open',
    }),
  ),
});

const DecisionView = Type.Object({
  seq: Type.Integer(),
  outcome: Type.String(),
  decidedAt: Type.String(),
  by: Type.String({ description: 'the agency that decided' }),
  reason: Type.String(),
  fields: Type.Union([FieldValues, Type.Null()]),
});

export const ObjectionView = Type.Object({
  id: Type.Integer({ description: 'the objection id: the ledger seq of its `objected` event' }),
  recordId: Type.Integer(),
  subject: Type.String(),
  category: Type.String(),
  agency: Type.String({ description: 'the submitting agency, which decides' }),
  recordFields: Type.Record(
    Type.String(),
    Type.Union([Type.Integer(), Type.String(), Type.Boolean()]),
    {
      description:
        "the record's field values now (after any correction): what a `corrected` decision changes",
    },
  ),
  status: Type.Union([
    Type.Literal('open'),
    Type.Literal('decided'),
    Type.Literal('under-appeal'),
    Type.Literal('final'),
  ]),
  objectedAt: Type.String(),
  deadline: Type.String({ description: 'objectedAt + the category objectionDeadline' }),
  overdue: Type.Boolean({
    description:
      'undecided and past its deadline; for the first objection (not a repeat) the record has no effect until decided',
  }),
  repeat: Type.Boolean({
    description:
      'filed after a decision on the record, with new evidence: the record keeps counting while it is pending',
  }),
  grounds: Type.String(),
  evidence: Type.Union([Type.String(), Type.Null()]),
  decision: Type.Union([DecisionView, Type.Null()]),
  appealUntil: Type.Union([
    Type.String({ description: 'the decision may be appealed before this instant' }),
    Type.Null(),
  ]),
  appeal: Type.Union([
    Type.Object({
      id: Type.Integer({ description: 'the appeal id: the ledger seq of its `appealed` event' }),
      appealedAt: Type.String(),
      grounds: Type.String(),
      evidence: Type.Union([Type.String(), Type.Null()]),
      decision: Type.Union([DecisionView, Type.Null()]),
    }),
    Type.Null(),
  ]),
});

export const ObjectionList = Type.Object({ objections: Type.Array(ObjectionView) });
export const AppealList = Type.Object({ appeals: Type.Array(ObjectionView) });

export const RepairGranted = Type.Object({
  recordId: Type.Integer(),
  status: Type.Literal('granted'),
  seq: Type.Integer(),
  repairedAt: Type.String(),
  by: Type.String(),
  reason: Type.String(),
});
