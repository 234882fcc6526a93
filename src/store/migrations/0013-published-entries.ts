// The public search, version 13 of the schema: the entries of the latest published version of
// each list, each with the terms it is found by (app/publications/publication-search-terms.ts),
// so that GET /v1/public/search is an index range read whatever the size of a list, never a
// read of the published files. Derived data: `publications` (the files exactly as written) stays
// the truth, publishing a version replaces its list's rows in the same transaction
// (publication-queries.ts), and this migration fills them from the latest version of each list
// published before it. Rows of older versions are not kept.
//
// - `published_entries` (list_id, ordinal): the entry's JSON as the version's data file holds it;
// - `published_entry_terms` (term, list_id, ordinal): its primary key is the search's index (a
//   term whole, or a range of terms for a prefix); the index on list_id serves the replacement.
//
// On PostgreSQL the text keys compare byte by byte (collation "C"), as SQLite's do, so that a
// prefix is a range of terms and pages come in the same order on both dialects. Every statement
// is safe to run again (older-store tests run the migrations after this one anew).
import { sql, type Kysely, type Migration } from 'kysely';
import { searchableEntries } from '../../app/publications/publication-search-terms.js';
import { analyseSearch, replaceSearchable } from '../publication-queries.js';
import type { PublishedEntry } from '../../app/publications/publication-format.js';
import type { StoreDialect } from '../schema.js';

interface LatestRow {
  list_id: string;
  version: number | string;
  contents: string;
}

export function publishedEntriesMigration(dialect: StoreDialect): Migration {
  const counter = dialect === 'sqlite' ? 'integer' : 'bigint';
  const key = dialect === 'sqlite' ? sql`text` : sql`text collate "C"`;

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('published_entries')
        .ifNotExists()
        .addColumn('list_id', key, (c) => c.notNull())
        .addColumn('ordinal', counter, (c) => c.notNull())
        .addColumn('version', counter, (c) => c.notNull())
        .addColumn('entry', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('published_entries_pkey', ['list_id', 'ordinal'])
        .execute();
      await db.schema
        .createTable('published_entry_terms')
        .ifNotExists()
        .addColumn('term', key, (c) => c.notNull())
        .addColumn('list_id', key, (c) => c.notNull())
        .addColumn('ordinal', counter, (c) => c.notNull())
        .addPrimaryKeyConstraint('published_entry_terms_pkey', ['term', 'list_id', 'ordinal'])
        .execute();
      await db.schema
        .createIndex('published_entry_terms_list_idx')
        .ifNotExists()
        .on('published_entry_terms')
        .column('list_id')
        .execute();

      // Filled again from the publications (a list published before and since is replaced).
      const latest = await sql<LatestRow>`
        select p.list_id, p.version, p.contents from publications p
        where p.version = (select max(q.version) from publications q where q.list_id = p.list_id)
        order by p.list_id`.execute(db);
      for (const row of latest.rows) {
        const version = Number(row.version);
        const contents = JSON.parse(row.contents) as Record<string, string>;
        const data = contents[`v${version}.json`];
        const entries =
          data === undefined
            ? []
            : (JSON.parse(data) as { entries: readonly PublishedEntry[] }).entries;
        await replaceSearchable(db, row.list_id, version, searchableEntries(entries));
      }
      if (dialect === 'postgres') await analyseSearch(db);
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['published_entry_terms', 'published_entries']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
