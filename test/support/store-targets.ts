// Where integration suites open fresh, empty ledgers: a new SQLite file per test, and — when
// PROBITY_TEST_DATABASE_URL names a PostgreSQL server — a new schema per test inside a database
// of the suite's own. A database per suite keeps suites running in parallel apart: Kysely's
// migrator inspects every schema of its database, and a schema dropped under it by another
// suite would fail its migration.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface StoreTarget {
  readonly name: string;
  /** A location (file path or URL) where `openStore` finds an empty ledger. */
  newLocation(): Promise<string>;
  /** Runs statements outside the store, as someone with write access to the database could. */
  tamper(location: string, statements: readonly string[]): Promise<void>;
  dispose(location: string): Promise<void>;
  end(): Promise<void>;
}

export function sqliteTarget(prefix: string): StoreTarget {
  const root = mkdtempSync(join(tmpdir(), `probity-${prefix}-`));
  let n = 0;
  return {
    name: 'SQLite',
    newLocation: () => Promise.resolve(join(root, `ledger-${++n}`, 'probity.db')),
    tamper(location, statements) {
      const db = new Database(location);
      try {
        for (const statement of statements) db.exec(statement);
      } finally {
        db.close();
      }
      return Promise.resolve();
    },
    dispose: () => Promise.resolve(),
    end: () => {
      rmSync(root, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

export function postgresTarget(url: string, prefix: string): StoreTarget {
  const database = `probity_${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const server = new pg.Pool({ connectionString: url, max: 1 });
  // Dropping the suite's database (with force) ends any connection still open on it; an idle
  // pool client ended that way must not surface as an unhandled error.
  server.on('error', () => undefined);
  const suiteUrl = new URL(url);
  suiteUrl.pathname = `/${database}`;
  let admin: pg.Pool | undefined;
  let n = 0;
  const schemaOf = (location: string) =>
    new URL(location).searchParams.get('options')?.split('=')[1] ?? '';
  const suiteAdmin = async (): Promise<pg.Pool> => {
    if (!admin) {
      await server.query(`create database ${database}`);
      admin = new pg.Pool({ connectionString: suiteUrl.toString(), max: 1 });
      admin.on('error', () => undefined);
    }
    return admin;
  };
  return {
    name: 'PostgreSQL',
    async newLocation() {
      const schema = `${prefix}_${++n}`;
      await (await suiteAdmin()).query(`create schema ${schema}`);
      const location = new URL(suiteUrl);
      location.searchParams.set('options', `-c search_path=${schema}`);
      return location.toString();
    },
    async tamper(location, statements) {
      const client = new pg.Client({ connectionString: location });
      await client.connect();
      try {
        for (const statement of statements) await client.query(statement);
      } finally {
        await client.end();
      }
    },
    async dispose(location) {
      await (await suiteAdmin()).query(`drop schema if exists ${schemaOf(location)} cascade`);
    },
    async end() {
      await admin?.end();
      if (admin) await dropScratchDatabase(server, database);
      await server.end();
    },
  };
}

/**
 * Drops a suite's database. `with (force)` ends the suite's own connections, but not an
 * autovacuum worker that happens to be on the database after a suite's heavy writes: ending that
 * needs a superuser (42501), so the drop is tried again while the worker finishes (bounded).
 */
async function dropScratchDatabase(server: pg.Pool, database: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await server.query(`drop database if exists ${database} with (force)`);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== '42501' || attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** The targets a suite runs on: SQLite always, PostgreSQL when the test database is named. */
export function storeTargets(prefix: string): StoreTarget[] {
  const url = process.env.PROBITY_TEST_DATABASE_URL;
  return url ? [sqliteTarget(prefix), postgresTarget(url, prefix)] : [sqliteTarget(prefix)];
}
