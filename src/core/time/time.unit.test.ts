import { describe, expect, it } from 'vitest';
import { addDuration, tryParseDuration } from './duration.js';
import { formatInstant, tryParseInstant, utcDate } from './instant.js';

const at = (text: string) => tryParseInstant(text)!;

describe('instants', () => {
  it.each([
    ['2026-03-01', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01T08:00:00Z', '2026-03-01T08:00:00.000Z'],
    ['2026-03-01T08:00:00+08:00', '2026-03-01T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('parses %s as %s', (text, iso) => {
    expect(formatInstant(at(text))).toBe(iso);
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-03-01T08:00:00',
    'yesterday',
    '',
    '2026-3-1',
  ])('refuses %j', (text) => {
    expect(tryParseInstant(text)).toBeUndefined();
  });

  it('knows which calendar dates exist', () => {
    expect(utcDate(2024, 2, 29)).toBeDefined();
    expect(utcDate(2023, 2, 29)).toBeUndefined();
  });
});

describe('durations', () => {
  it.each([
    ['P1Y', '2024-02-29', '2025-02-28T00:00:00.000Z'],
    ['P4Y', '2024-02-29', '2028-02-29T00:00:00.000Z'],
    ['P1M', '2026-01-31', '2026-02-28T00:00:00.000Z'],
    ['P3M', '2026-11-30', '2027-02-28T00:00:00.000Z'],
    ['P15D', '2026-02-20', '2026-03-07T00:00:00.000Z'],
    ['P2W', '2026-01-01', '2026-01-15T00:00:00.000Z'],
    ['P18Y', '2008-02-29', '2026-02-28T00:00:00.000Z'],
    ['PT12H', '2026-01-01', '2026-01-01T12:00:00.000Z'],
    ['P0D', '2026-01-01', '2026-01-01T00:00:00.000Z'],
  ])('adds %s to %s in the UTC calendar', (text, from, expected) => {
    expect(formatInstant(addDuration(at(from), tryParseDuration(text)!))).toBe(expected);
  });

  it.each(['', 'P', 'PT', '1Y', 'P-1D', 'P1.5Y', 'P1D2Y', 'three years'])('refuses %j', (text) => {
    expect(tryParseDuration(text)).toBeUndefined();
  });
});
