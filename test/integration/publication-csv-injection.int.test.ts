// A court's case numbers reach the public CSV. A case number written like a spreadsheet formula
// (the OWASP CSV-injection payloads) must be published as text in the CSV, exactly in the JSON,
// and the signed version must still verify.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogInForce } from '../../src/app/policy/catalog-in-force.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import type { ListDocument } from '../../src/app/publications/publication-format.js';
import { verifyPublications } from '../../src/app/publications/publication-verify.js';
import { publishLists } from '../../src/app/publications/publish-lists.js';
import { ingestRecords } from '../../src/app/records/record-ingest.js';
import { loadScoringContext } from '../../src/app/standing/scoring-context.js';
import { loadEngine } from '../../src/app/standing/engine-load.js';
import type { Agency } from '../../src/core/ledger/ledger-types.js';
import { instant, MS_PER_DAY } from '../../src/core/time/instant.js';
import { keyFileSigner } from '../../src/io/key-file-signer.js';
import { openPublicationFolder } from '../../src/io/publication-folder.js';
import { openReferenceLedger } from '../factories/reference-ledger.js';
import { personId } from '../factories/subjects.js';
import { scratchDir } from '../support/cli-harness.js';

const NOW = instant(Date.UTC(2026, 2, 1, 9, 0));
const LATER = instant(NOW + 11 * MS_PER_DAY); // the ten days' notice of the list have passed
const DEBTORS = 'dishonest-debtors';
const court: Agency = { id: 'court-1', kind: 'court', name: 'Court', createdAt: NOW };

/** The payloads, each the case number of one debtor's record (at most 64 characters). */
const PAYLOADS = [
  '=HYPERLINK("http://x","y")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1+1)',
  '\t=1',
  '\r=1',
  "'=1",
  '(2026)京0105执1号',
  '(2026), "京" 0105\n执2号',
];

/** RFC 4180 cells of a CSV text (quoted cells may hold commas, quotes and line breaks). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

let store: LedgerStore;
let dir: string;

beforeAll(async () => {
  dir = scratchDir('probity-csv-injection-');
  store = await openReferenceLedger(
    join(dir, 'probity.db'),
    [{ id: court.id, kind: court.kind }],
    NOW,
  );
  const records = PAYLOADS.map((caseNumber, i) => ({
    sourceRef: `r${i}`,
    subject: personId('1980-05-17', i + 1),
    category: 'court.dishonest-debtor',
    occurredAt: '2026-02-01',
    fields: { amount: 2_500_000, caseNumber },
  }));
  const summary = await ingestRecords(store, await catalogInForce(store), court, records, NOW, {
    mode: 'atomic',
  });
  expect(summary.outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
  const context = await loadScoringContext(store);
  const { engine } = await loadEngine(store, context);
  await publishLists(
    store,
    engine,
    context,
    openPublicationFolder(join(dir, 'publications')),
    keyFileSigner(join(dir, 'authority-key.pem')),
    { at: LATER, list: DEBTORS },
  );
});

afterAll(async () => {
  await store.close();
});

const read = (name: string): string =>
  readFileSync(join(dir, 'publications', DEBTORS, name), 'utf8');

describe('a publication whose case numbers look like spreadsheet formulas', () => {
  it('writes every formula-like cell of the CSV as text, with a leading single quote', () => {
    const rows = csvRows(read('v1.csv'));
    expect(rows[0]).toEqual([
      'subject',
      'name',
      'list',
      'since',
      'until',
      'legalBasis',
      'caseReferences',
    ]);
    const cells = rows.slice(1).map((r) => r[6]!);
    expect(cells).toHaveLength(PAYLOADS.length);
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // Every cell beginning with a quote carries exactly one added quote: dropping it gives the value.
    const values = cells.map((c) => (c.startsWith("'") ? c.slice(1) : c));
    expect(values.sort()).toEqual([...PAYLOADS].sort());
    expect(cells).toContain('\'=HYPERLINK("http://x","y")');
    expect(cells).toContain("''=1");
    expect(cells).toContain('(2026)京0105执1号');
  });

  it('keeps the exact case numbers in the JSON document', () => {
    const document = JSON.parse(read('v1.json')) as ListDocument;
    expect(document.entries.flatMap((e) => e.caseReferences).sort()).toEqual([...PAYLOADS].sort());
  });

  it('still verifies: every file, the signature and the chain', async () => {
    const report = await verifyPublications(
      store,
      openPublicationFolder(join(dir, 'publications')),
      keyFileSigner(join(dir, 'authority-key.pem')),
    );
    expect(report).toMatchObject({ found: true, ok: true, problems: [] });
  });
});
