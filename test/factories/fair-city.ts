// The authority's hand-made city, shared by its HTTP suite (test/http/authority-dashboard), its
// browser suite and the screenshots script: persons of four districts, birth years and both sexes,
// some listed as dishonest debtors (the fairness monitor's groups), and a draft policy for the
// workbench.
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { residentIdentityNumber } from '../../src/core/identifiers/index.js';
import { instant } from '../../src/core/time/instant.js';
import { DAY, debtorRecord, T0 } from '../http/http-harness.js';
import { ingestAs, REFERENCE_DOCUMENTS } from './reference-ledger.js';

/** The reference policy, one version up, with the debtors' notice period at 60 days. */
export const policyOneVersionUp = REFERENCE_DOCUMENTS.policyText
  .replace(/^version: (\d+)$/m, (_, v: string) => `version: ${Number(v) + 1}`)
  .replace('noticePeriod: P10D', 'noticePeriod: P60D');

/** One person of the hand-made city: where, when born, and whether listed as a debtor. */
export interface Resident {
  readonly key: string;
  readonly district: string;
  readonly birthYear: number;
  /** The age band at T0 (2026-03-01): born in June of `birthYear`. */
  readonly band: string;
  readonly sex: 'male' | 'female';
  readonly listed: boolean;
}

/**
 * Persons of four districts: Chaoyang (40, born 1990, half listed), Haidian (40, born 1958, one
 * in ten listed), Dongcheng (5, born 2000, none listed: below the suppression threshold) and
 * Fengtai (12, born 1975, none listed: the next smallest group, suppressed with Dongcheng's);
 * sequence numbers alternate odd and even, so both sexes are in every district.
 */
export function residents(): Resident[] {
  const out: Resident[] = [];
  const group = (district: string, year: number, band: string, count: number, listed: number) => {
    for (let i = 0; i < count; i += 1) {
      const sequence = 100 + i;
      out.push({
        key: residentIdentityNumber(district, { year, month: 6, day: 1 + (i % 28) }, sequence),
        district,
        birthYear: year,
        band,
        sex: sequence % 2 === 1 ? 'male' : 'female',
        listed: i < listed,
      });
    }
  };
  group('110105', 1990, '35-44', 40, 20);
  group('110108', 1958, '65+', 40, 4);
  group('110101', 2000, '25-34', 5, 0);
  group('110106', 1975, '45-54', 12, 0);
  return out;
}

/** Writes the city: a debtor record (accepted 20 days before T0) or a blood donation for each. */
export async function writeFairCity(
  store: LedgerStore,
  people: readonly Resident[] = residents(),
): Promise<number[]> {
  const at = instant(T0 - 20 * DAY);
  const debtors = people.filter((p) => p.listed);
  const ids = await ingestAs(
    store,
    'court',
    debtors.map((p, i) => debtorRecord(p.key, `fair-${i}`, '2026-01-15')),
    at,
  );
  await ingestAs(
    store,
    'health',
    people
      .filter((p) => !p.listed)
      .map((p, i) => ({
        sourceRef: `donation-${i}`,
        subject: p.key,
        category: 'civic.blood-donation',
        occurredAt: '2026-01-10',
        fields: {},
      })),
    at,
  );
  return ids;
}
