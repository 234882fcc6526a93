import { describe, expect, it } from 'vitest';
import type { LedgerCounts } from '../ports/ledger-store.js';
import { BULK_LOAD_MAX_RECORDS, isBulkLoad } from './record-import.js';

/** A store that holds `records` records, as `counts()` says. */
function holding(records: number) {
  const counts: LedgerCounts = {
    persons: 0,
    organizations: 0,
    records,
    recordEvents: 0,
    agencies: 1,
    headSeq: records,
  };
  return { counts: () => Promise.resolve(counts) };
}

/** A file of about `rows` rows (150 bytes each). */
const fileOf = (rows: number) => ({ size: rows * 150 });

describe('when an import sets the secondary indexes aside (issue 10, failure 9)', () => {
  it('does for a large first load into an empty or small ledger', async () => {
    expect(await isBulkLoad(holding(0), fileOf(1_200_000))).toBe(true);
    expect(await isBulkLoad(holding(BULK_LOAD_MAX_RECORDS - 1), fileOf(60_000))).toBe(true);
  });

  it('does not for a small file', async () => {
    expect(await isBulkLoad(holding(0), fileOf(10_000))).toBe(false);
  });

  it('does not into a ledger a server may be answering from, however large the file: 1.2 M rows into 500 000 records keep the indexes', async () => {
    expect(await isBulkLoad(holding(500_000), fileOf(1_200_000))).toBe(false);
    expect(await isBulkLoad(holding(BULK_LOAD_MAX_RECORDS), fileOf(5_000_000))).toBe(false);
  });
});
