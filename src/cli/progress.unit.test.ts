import { describe, expect, it } from 'vitest';
import { formatDuration, startProgress } from './progress.js';

function outputs(isTTY: boolean): {
  lines: string[];
  stdout: { isTTY: boolean; write: (t: string) => void };
  stderr: { isTTY: boolean; write: (t: string) => void };
} {
  const lines: string[] = [];
  return {
    lines,
    stdout: { isTTY, write: () => undefined },
    stderr: { isTTY, write: (t) => lines.push(t) },
  };
}

describe('progress off a terminal', () => {
  it('writes a line at most once per interval, with rate and time to go, and a last one at stop', () => {
    const out = outputs(false);
    let clock = 1_000_000;
    const progress = startProgress(out, 'seed', 1000, 'events', {
      intervalMs: 30_000,
      now: () => clock,
    });
    clock += 10_000;
    progress.update(100);
    expect(out.lines).toEqual([]);
    clock += 20_000;
    progress.update(300);
    clock += 5_000;
    progress.update(350);
    expect(out.lines).toEqual([
      'seed: 300/1000 events (30.0 %), 10 events/s, 30s so far, about 1m 10s to go\n',
    ]);
    clock += 35_000;
    progress.update(1000);
    progress.stop();
    expect(out.lines.slice(1)).toEqual([
      'seed: 1000/1000 events (100.0 %), 14 events/s, 1m 10s so far\n',
      'seed: 1000/1000 events (100.0 %), 14 events/s, 1m 10s so far\n',
    ]);
  });

  it('stays silent for a job shorter than the interval, and for an empty one', () => {
    const out = outputs(false);
    let clock = 0;
    const progress = startProgress(out, 'import', 10, 'bytes', { now: () => clock });
    clock += 1_000;
    progress.update(10);
    progress.stop();
    startProgress(out, 'import', 0, 'bytes').stop();
    expect(out.lines).toEqual([]);
  });
});

describe('formatDuration', () => {
  it('reads as hours and minutes, minutes and seconds, or seconds', () => {
    expect(formatDuration(3_900_000)).toBe('1h 05m');
    expect(formatDuration(250_000)).toBe('4m 10s');
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(-5)).toBe('0s');
  });
});
