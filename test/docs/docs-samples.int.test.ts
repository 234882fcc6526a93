// The documentation's samples must keep working: every JSON record sample in README.md and
// docs/*.md names a valid identifier and is accepted by a fresh store of the reference catalogue
// when its category's submitter sends it, and every identifier a page shows is valid, except the
// ones a page shows on purpose as invalid. A sample that rots (a wrong check character, a field
// renamed in the catalogue) fails here instead of in a reader's first import.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogInForce } from '../../src/app/policy/catalog-in-force.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { ingestRecords } from '../../src/app/records/record-ingest.js';
import { checkIdentifier } from '../../src/core/identifiers/identifier-check.js';
import { instant } from '../../src/core/time/instant.js';
import { openReferenceLedger } from '../factories/reference-ledger.js';
import { scratchDir } from '../support/cli-harness.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NOW = instant(Date.UTC(2026, 5, 1));

/** Identifiers a page shows on purpose with a wrong check character (to show the error). */
const SHOWN_AS_INVALID = new Map([['docs/identifiers.md', ['110105194912310021']]]);

const pages = (): string[] => [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

interface Sample {
  readonly page: string;
  readonly record: {
    readonly sourceRef: string;
    readonly subject: string;
    readonly category: string;
    readonly fields: Record<string, unknown>;
  };
}

/** The record samples: fenced `json`/`jsonl` blocks whose objects hold a subject and a category. */
function recordSamples(): Sample[] {
  const samples: Sample[] = [];
  for (const page of pages()) {
    const text = readFileSync(join(ROOT, page), 'utf8');
    for (const block of text.matchAll(/^```(json|jsonl)\n([\s\S]*?)^```/gm)) {
      const body = block[2]!;
      const values: unknown[] =
        block[1] === 'jsonl'
          ? body
              .split('\n')
              .filter((line) => line.trim() !== '')
              .map((line) => JSON.parse(line) as unknown)
          : [JSON.parse(body) as unknown];
      for (const value of values) {
        if (
          value !== null &&
          typeof value === 'object' &&
          'subject' in value &&
          'category' in value
        ) {
          samples.push({ page, record: value as Sample['record'] });
        }
      }
    }
  }
  return samples;
}

const SAMPLES = recordSamples();

let store: LedgerStore;

beforeAll(async () => {
  store = await openReferenceLedger(
    join(scratchDir('probity-docs-samples-'), 'probity.db'),
    [],
    NOW,
  );
});

afterAll(async () => {
  await store.close();
});

describe('the samples of the documentation', () => {
  it('finds the record sample of the README and of the pages that show one', () => {
    const found = new Set(SAMPLES.map((s) => s.page));
    expect(found).toContain('README.md');
    expect(found).toContain('docs/records-and-import.md');
    expect(found).toContain('docs/interfaces.md');
  });

  it.each(SAMPLES.map((s) => [s.page, s.record.subject, s] as const))(
    'the record sample of %s names a valid identifier (%s)',
    (_page, subject) => {
      expect(checkIdentifier(subject, NOW)).toMatchObject({ valid: true });
    },
  );

  it.each(SAMPLES.map((s) => [s.page, s.record.category, s] as const))(
    'the record sample of %s (%s) is accepted by a fresh store from its category submitter',
    async (page, category, sample) => {
      const catalog = await catalogInForce(store);
      const kind = catalog.catalog.categories.find((c) => c.id === category)?.submitters[0];
      expect(kind, `${page}: category ${category} is not in the reference catalogue`).toBeDefined();
      const agency = { id: `sample-${kind}`, kind: kind!, name: 'Sample', createdAt: NOW };
      const record = { ...sample.record, sourceRef: `${page}:${sample.record.sourceRef}` };
      const summary = await ingestRecords(store, catalog, agency, [record], NOW, {
        mode: 'atomic',
      });
      expect(summary.outcomes.map((o) => o.status)).not.toContain('rejected');
    },
  );

  it('shows only valid identifiers, except the ones shown on purpose as invalid', () => {
    const invalid: string[] = [];
    for (const page of pages()) {
      const text = readFileSync(join(ROOT, page), 'utf8');
      for (const match of text.matchAll(/(?<![0-9A-Z])[0-9][0-9A-Z]{16}[0-9X](?![0-9A-Z])/g)) {
        const check = checkIdentifier(match[0], NOW);
        const meant = SHOWN_AS_INVALID.get(page)?.includes(match[0]) ?? false;
        if (!check.valid && !meant) invalid.push(`${page}: ${match[0]} (${check.message})`);
      }
    }
    expect(invalid).toEqual([]);
  });
});
