// An agency's own records, newest first (GET /v1/agency/records; migration 0014): a page is read
// by walking the (agency_id, id) index backwards from the cursor, never by sorting every record
// the agency ever submitted, on both dialects. The statements are the store's
// (`recordsOfAgency`): agency only, agency and category, each from a cursor.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { storeTargets } from '../support/store-targets.js';

const PAGES = [
  'select * from records where agency_id = $1 order by id desc limit 50',
  'select * from records where agency_id = $1 and id < $2 order by id desc limit 50',
  'select * from records where agency_id = $1 and category = $3 and id < $2 order by id desc limit 50',
];
const VALUES = ['court-1', 1_000_000, 'court.dishonest-debtor'];

/** The statement in the dialect's placeholders, with its values in their order. */
function statement(text: string, sqlite: boolean): { text: string; values: unknown[] } {
  const used = [...text.matchAll(/\$(\d)/g)].map((m) => Number(m[1]));
  return sqlite
    ? { text: text.replace(/\$\d/g, '?'), values: used.map((n) => VALUES[n - 1]) }
    : { text, values: VALUES.slice(0, Math.max(...used)) };
}

describe.each(storeTargets('records_by_agency'))('an agency’s records, on %s', (target) => {
  afterAll(() => target.end());

  it('reads a page of an agency’s records from the (agency_id, id) index, without sorting them', async () => {
    const location = await target.newLocation();
    await (await openStore(location)).close();
    const plans: string[] = [];
    if (target.name === 'SQLite') {
      const db = new Database(location, { readonly: true });
      try {
        for (const page of PAGES) {
          const { text, values } = statement(page, true);
          const rows = db.prepare(`explain query plan ${text}`).all(...values) as {
            detail: string;
          }[];
          plans.push(rows.map((r) => r.detail).join('\n'));
        }
      } finally {
        db.close();
      }
    } else {
      const client = new pg.Client({ connectionString: location });
      await client.connect();
      try {
        await client.query('begin');
        // An empty table: without this the planner rightly prefers reading it all.
        await client.query('set local enable_seqscan = off');
        await client.query('set local enable_bitmapscan = off');
        for (const page of PAGES) {
          const { text, values } = statement(page, false);
          const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain ${text}`, values);
          plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
        }
        await client.query('rollback');
      } finally {
        await client.end();
      }
    }
    for (const plan of plans) {
      expect(plan).toMatch(/records_agency_id_id_idx/);
      expect(plan).not.toMatch(/TEMP B-TREE|Seq Scan|-> +Sort |^Sort/m);
    }
  });
});
