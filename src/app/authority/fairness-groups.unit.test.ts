import { describe, expect, it } from 'vitest';
import { flagOf, suppressedGroups } from './fairness-groups.js';

describe('the fairness rule', () => {
  it('flags a group of at least 30 above 1.25 times or below 0.8 times the overall rate', () => {
    expect(flagOf(0.26, 0.2, 30)).toBe('high');
    expect(flagOf(0.24, 0.2, 30)).toBeNull();
    expect(flagOf(0.15, 0.2, 30)).toBe('low');
    expect(flagOf(0.17, 0.2, 30)).toBeNull();
    expect(flagOf(0.9, 0.2, 29)).toBeNull();
    expect(flagOf(0.5, 0, 100)).toBeNull();
  });

  it('suppresses groups of one to nine persons, never an empty one', () => {
    expect(suppressedGroups([0, 3, 9, 10, 40])).toEqual([false, true, true, false, false]);
  });

  it('suppresses the next smallest group too when only one is below the threshold', () => {
    expect(suppressedGroups([40, 5, 0, 12, 30])).toEqual([false, true, false, true, false]);
    expect(suppressedGroups([5])).toEqual([true]);
    expect(suppressedGroups([0, 0])).toEqual([false, false]);
  });
});
