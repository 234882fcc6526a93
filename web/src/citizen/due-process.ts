// Where a record stands in due process, read from its events as the API answered them (charter
// C8): the last objection open, decided (with the outcome), under appeal, or final.

export type ObjectionStage =
  | { readonly stage: 'none' }
  | { readonly stage: 'open' }
  | { readonly stage: 'decided'; readonly outcome: string }
  | { readonly stage: 'under-appeal' }
  | { readonly stage: 'final'; readonly outcome: string };

const DECISIONS = new Set(['upheld', 'corrected', 'revoked']);

/** A record's events as GET /v1/citizen/records gives them (only what the stage needs). */
export interface StagedRecord {
  readonly events: readonly { readonly seq: number; readonly type: string }[];
}

export function objectionStage(record: StagedRecord): ObjectionStage {
  let stage: ObjectionStage = { stage: 'none' };
  for (const event of [...record.events].sort((a, b) => a.seq - b.seq)) {
    if (event.type === 'objected') stage = { stage: 'open' };
    else if (event.type === 'appealed' && stage.stage === 'decided')
      stage = { stage: 'under-appeal' };
    else if (DECISIONS.has(event.type)) {
      if (stage.stage === 'open') stage = { stage: 'decided', outcome: event.type };
      else if (stage.stage === 'under-appeal') stage = { stage: 'final', outcome: event.type };
    }
  }
  return stage;
}
