// The dates of the authority dashboard's pages (web/src/authority/period.ts): what the URL keeps,
// what the doors are asked, and a period refused, with why, before any request.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  datesOf,
  dayOf,
  daysBetween,
  doorQuery,
  isDay,
  lastDayOf,
  periodProblem,
} from '../../web/src/authority/period.js';

describe('the authority dashboard’s dates', () => {
  it('reads only real days from the URL, and asks the door for the day after the last one shown', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-2-1')).toBe(false);
    const dates = datesOf(new URLSearchParams('at=2026-03-01&from=2026-02-01&to=nonsense'));
    expect(dates).toEqual({ at: '2026-03-01', from: '2026-02-01', to: undefined });
    expect(doorQuery({ from: '2026-02-01', to: '2026-02-28' })).toEqual({
      from: '2026-02-01',
      to: '2026-03-01',
    });
    expect(doorQuery({})).toEqual({});
  });

  it('counts days and reads the last day of a window the API answered', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-02-01', '2026-02-28')).toBe(28);
    expect(dayOf('2026-03-01T08:00:00.000Z')).toBe('2026-03-01');
    expect(lastDayOf('2026-03-01T00:00:00.000Z')).toBe('2026-02-28');
    expect(lastDayOf('2026-03-01T08:00:00.000Z')).toBe('2026-03-01');
  });

  it('refuses a period backwards, too long, half given, starting after today or not a date', () => {
    const limits = { today: '2026-03-01', maxDays: 366 };
    expect(periodProblem({ from: '2026-02-01', to: '2026-02-28' }, limits)).toBeUndefined();
    expect(periodProblem({}, limits)).toBeUndefined();
    expect(periodProblem({ from: '2026-02-28', to: '2026-02-01' }, limits)).toBe('fromAfterTo');
    expect(periodProblem({ from: '2024-01-01', to: '2026-02-01' }, limits)).toBe('tooLong');
    expect(periodProblem({ from: '2026-02-01', to: '' }, limits)).toBe('incomplete');
    expect(periodProblem({ from: '2026-03-05', to: '2026-03-09' }, limits)).toBe('afterToday');
    expect(periodProblem({ at: '2026-13-01' }, limits)).toBe('notADay');
  });
});
