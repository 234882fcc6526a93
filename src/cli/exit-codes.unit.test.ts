import { describe, expect, it } from 'vitest';
import { DOMAIN_ERROR_CODES } from '../core/errors/domain-error.js';
import { EXIT_INVALID_INPUT, EXIT_OTHER, EXIT_USAGE, exitCodeFor } from './exit-codes.js';

describe('exit codes', () => {
  it.each(DOMAIN_ERROR_CODES)('%s has an exit code of 1, 2 or 3', (code) => {
    expect([EXIT_INVALID_INPUT, EXIT_USAGE, EXIT_OTHER]).toContain(exitCodeFor(code));
  });

  it.each([
    ['UsageError', EXIT_USAGE],
    ['InvalidNow', EXIT_USAGE],
    ['ConfigInvalid', EXIT_USAGE],
    ['ClockFixedOnLiveStore', EXIT_USAGE],
    ['ClockBehindLedger', EXIT_USAGE],
    ['StoreUnavailable', EXIT_OTHER],
    ['LedgerCatalogUnreadable', EXIT_OTHER],
    ['Internal', EXIT_OTHER],
    ['RecordsRejected', EXIT_INVALID_INPUT],
    ['UnknownMeasure', EXIT_INVALID_INPUT],
    ['NoPolicyInForce', EXIT_INVALID_INPUT],
    ['ListNotPublic', EXIT_INVALID_INPUT],
  ] as const)('%s exits with %i', (code, exit) => {
    expect(exitCodeFor(code)).toBe(exit);
  });

  it('only usage errors exit with 2, and only the store, the local cluster and internal failures with 3', () => {
    const by = (exit: number) => DOMAIN_ERROR_CODES.filter((c) => exitCodeFor(c) === exit);
    // A --now on a live store, or one before what a simulation recorded, is the wrong flag.
    expect(by(EXIT_USAGE)).toEqual([
      'UsageError',
      'InvalidNow',
      'ConfigInvalid',
      'ClockFixedOnLiveStore',
      'ClockBehindLedger',
    ]);
    expect(by(EXIT_OTHER).sort()).toEqual([
      'ClusterPartFailed',
      'ClusterToolMissing',
      'Internal',
      'LedgerCatalogUnreadable',
      'StoreUnavailable',
    ]);
  });
});
