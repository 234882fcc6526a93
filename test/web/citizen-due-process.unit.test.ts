// Where a record stands in due process on the citizen portal (web/src/citizen/due-process.ts),
// read from the record's events as the API answers them.
import { describe, expect, it } from 'vitest';
import { objectionStage } from '../../web/src/citizen/due-process.js';

const event = (seq: number, type: string) => ({
  seq,
  type,
  at: '2026-03-01T00:00:00.000Z',
  recordedAt: '2026-03-01T00:00:00.000Z',
  actor: 'subject',
  reason: null,
});

describe('where a record stands in due process', () => {
  it('is nothing before an objection and open after one', () => {
    expect(objectionStage({ events: [] })).toEqual({ stage: 'none' });
    expect(objectionStage({ events: [event(1, 'fulfilled')] })).toEqual({ stage: 'none' });
    expect(objectionStage({ events: [event(2, 'objected')] })).toEqual({ stage: 'open' });
  });

  it('follows a decision, an appeal and the final decision, in ledger order', () => {
    const events = [event(9, 'upheld'), event(3, 'objected')];
    expect(objectionStage({ events })).toEqual({ stage: 'decided', outcome: 'upheld' });
    events.push(event(12, 'appealed'));
    expect(objectionStage({ events })).toEqual({ stage: 'under-appeal' });
    events.push(event(15, 'corrected'));
    expect(objectionStage({ events })).toEqual({ stage: 'final', outcome: 'corrected' });
  });

  it('opens again on a repeat objection after a decision', () => {
    const events = [event(3, 'objected'), event(9, 'upheld'), event(20, 'objected')];
    expect(objectionStage({ events })).toEqual({ stage: 'open' });
  });
});
