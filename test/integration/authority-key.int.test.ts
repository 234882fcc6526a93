// Keys out of the store (issue 9, failure 5), on both dialects, through the command line: the
// authority's private key is in the key file (mode 0600), never in the database; a publication
// forged with a listed person removed, by someone who has only the database (read and write), is
// reported by `verify`; `key rotate` keeps the old public keys so every version verifies with the
// key it names; and a store that kept its private key in the database has it moved to the key file.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
} from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { keyIdOf } from '../../src/app/publications/authority-key.js';
import {
  canonicalJson,
  manifestHash,
  manifestText,
  type ListDocument,
  type SignedManifest,
} from '../../src/app/publications/publication-format.js';
import { instant } from '../../src/core/time/instant.js';
import { personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';

const DEBTORS = 'dishonest-debtors';
const ACCEPTED = '2026-03-01T09:00:00Z';
const FIRST = '2026-03-15T09:00:00Z';
const SECOND = '2026-03-20T09:00:00Z';
const LISTED = [personId('1980-05-17', 301), personId('1975-01-02', 302)];
const PRIVATE_PEM = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/;

type Row = Record<string, unknown>;

/** What a recorded key signs of itself (docs/due-process.md, signed publications). */
const keyStatement = (keyId: string, createdAt: number, previous: string | null): string =>
  `probity-authority-key/1\nkey ${keyId}\ncreated ${new Date(createdAt).toISOString()}\nprevious ${previous ?? 'none'}\n`;

/** Every row of every table of the ledger, as someone with the database alone can read it. */
async function readDatabase(location: string): Promise<Map<string, Row[]>> {
  const tables = new Map<string, Row[]>();
  if (!location.startsWith('postgres')) {
    const db = new Database(location, { readonly: true });
    try {
      const names = db.prepare("select name from sqlite_master where type = 'table'").all() as {
        name: string;
      }[];
      for (const { name } of names)
        tables.set(name, db.prepare(`select * from "${name}"`).all() as Row[]);
    } finally {
      db.close();
    }
    return tables;
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = current_schema()',
    );
    for (const { table_name } of rows)
      tables.set(table_name, (await client.query<Row>(`select * from "${table_name}"`)).rows);
  } finally {
    await client.end();
  }
  return tables;
}

const sqlText = (value: string | number | null): string =>
  value === null
    ? 'null'
    : typeof value === 'number'
      ? String(value)
      : `'${value.replace(/'/g, "''")}'`;

/** The locations made on each target, to drop each before the suite's database goes. */
const made = new Map<StoreTarget, string[]>();

/** A city on one store: a court, two debtors on the list, a key file, a publications folder. */
async function city(target: StoreTarget) {
  const dir = scratchDir('probity-keys-');
  const db = await target.newLocation();
  made.set(target, [...(made.get(target) ?? []), db]);
  const keyFile = join(dir, 'authority-key.pem');
  const out = join(dir, 'pub');
  const cli = (now: string, ...args: string[]) =>
    probity([...args, '--db', db, '--key-file', keyFile, '--now', now]);
  expect((await cli(ACCEPTED, 'init')).code).toBe(0);
  expect((await cli(ACCEPTED, 'agency', 'add', 'court-1', '--kind', 'court')).code).toBe(0);
  const file = join(dir, 'records.jsonl');
  writeFileSync(
    file,
    LISTED.map((subject, i) =>
      JSON.stringify({
        sourceRef: `s-${i}`,
        subject,
        category: 'court.dishonest-debtor',
        occurredAt: '2026-02-01',
        fields: { amount: 200_000, caseNumber: `(2026)京0105执${i}号` },
      }),
    ).join('\n'),
  );
  expect((await cli(ACCEPTED, 'import', file, '--agency', 'court-1')).code).toBe(0);
  return { dir, db, keyFile, out, cli };
}

for (const target of storeTargets('authority_key')) {
  describe(`the authority's signing key: ${target.name}`, () => {
    afterAll(async () => {
      for (const location of made.get(target) ?? []) await target.dispose(location);
      await target.end();
    });

    it('is made by init in a key file of mode 0600, and the database holds no private key', async () => {
      const { db, keyFile, out, cli } = await city(target);
      expect((await cli(FIRST, 'publish', '--out', out)).code).toBe(0);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const pem = readFileSync(keyFile, 'utf8');
      expect(pem).toMatch(PRIVATE_PEM);
      const everything = JSON.stringify([...(await readDatabase(db)).values()]);
      expect(everything).not.toContain('PRIVATE KEY');
      expect(everything).not.toContain(pem.split('\n')[1]);
    });

    it('reports a publication forged from the database alone, with a listed person removed', async () => {
      const { db, out, cli } = await city(target);
      const published = await cli(FIRST, 'publish', '--out', out, '--list', DEBTORS);
      expect(published.code).toBe(0);
      expect((await cli(FIRST, 'verify', '--out', out)).code).toBe(0);

      // The forger reads the database: a private key there is the authority's; without one, the
      // best they can do is a key of their own, slipped into the keys the ledger records.
      const tables = await readDatabase(db);
      const stored = JSON.stringify([...tables.values()]).replace(/\\n/g, '\n');
      const found = PRIVATE_PEM.exec(stored)?.[0];
      const statements: string[] = [];
      let privateKey = found === undefined ? undefined : createPrivateKey(found);
      if (privateKey === undefined) {
        const pair = generateKeyPairSync('ed25519');
        privateKey = pair.privateKey;
        const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
        const keyId = keyIdOf(publicKeyPem);
        const createdAt = instant(Date.parse(ACCEPTED));
        const self = sign(null, Buffer.from(keyStatement(keyId, createdAt, null)), privateKey);
        statements.push(
          `insert into authority_public_keys (key_id, ordinal, algorithm, public_key, created_at, previous_key_id, endorsement, self_signature) values (${[keyId, 99, 'Ed25519', publicKeyPem, createdAt, null, null, self.toString('base64')].map(sqlText).join(', ')})`,
        );
      }
      const keyId = keyIdOf(
        createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
      );

      // Version 1 without the first debtor: the data file, the manifest (hashes, key, signature),
      // the index, on disk and in the ledger's copy alike.
      const row = (tables.get('publications') ?? []).find((r) => r.list_id === DEBTORS) as Row;
      const contents = JSON.parse(row.contents as string) as Record<string, string>;
      const document = JSON.parse(contents['v1.json'] ?? '') as ListDocument;
      const masked = document.entries[0]?.subject ?? '';
      const forgedDocument = { ...document, entries: document.entries.slice(1) };
      const forgedJson = `${JSON.stringify(forgedDocument, null, 2)}\n`;
      const forgedCsv = (contents['v1.csv'] ?? '')
        .split('\r\n')
        .filter((line) => !line.startsWith(masked))
        .join('\r\n');
      const forgedContents: Record<string, string> = {
        ...contents,
        'v1.json': forgedJson,
        'v1.csv': forgedCsv,
      };
      const signed = JSON.parse(row.manifest as string) as SignedManifest;
      const digest = (text: string) => ({
        sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
        bytes: Buffer.byteLength(text, 'utf8'),
      });
      const manifest = {
        ...signed.manifest,
        keyId,
        entries: forgedDocument.entries.length,
        files: signed.manifest.files.map((f) =>
          f.name in forgedContents ? { ...f, ...digest(forgedContents[f.name] ?? '') } : f,
        ),
      };
      const manifestSha256 = manifestHash(manifest);
      const manifestFile = manifestText({
        manifest,
        manifestSha256,
        signature: {
          algorithm: 'Ed25519',
          keyId,
          value: sign(null, Buffer.from(canonicalJson(manifest), 'utf8'), privateKey).toString(
            'base64',
          ),
        },
      });
      writeFileSync(join(out, DEBTORS, 'v1.json'), forgedJson);
      writeFileSync(join(out, DEBTORS, 'v1.csv'), forgedCsv);
      writeFileSync(join(out, DEBTORS, 'v1.manifest.json'), manifestFile);
      const index = readFileSync(join(out, 'index.json'), 'utf8');
      writeFileSync(
        join(out, 'index.json'),
        index.replaceAll(signed.manifestSha256, manifestSha256),
      );
      statements.push(
        `update publications set manifest = ${sqlText(manifestFile)}, manifest_sha256 = ${sqlText(manifestSha256)}, entries = ${forgedDocument.entries.length}, contents = ${sqlText(JSON.stringify(forgedContents))}, files = ${sqlText(JSON.stringify(manifest.files))}, subjects = ${sqlText(JSON.stringify((JSON.parse(row.subjects as string) as string[]).slice(1)))} where list_id = '${DEBTORS}' and version = 1`,
      );
      await target.tamper(db, statements);

      const verify = await cli(FIRST, 'verify', '--out', out, '--json');
      expect(verify.code).toBe(1);
      expect(verify.stderr).toContain('PublicationChainBroken');
      const report = verify.json<{
        publications: { ok: boolean; firstBroken: { problem: string; message: string } };
      }>()[0];
      expect(report?.publications.ok).toBe(false);
      expect(['key', 'signature']).toContain(report?.publications.firstBroken.problem);
    });

    it('rotates: the new key signs, the old public key stays recorded, and every version verifies with the key it names', async () => {
      const { db, keyFile, out, cli } = await city(target);
      expect((await cli(FIRST, 'publish', '--out', out, '--list', DEBTORS)).code).toBe(0);
      const before = readFileSync(keyFile, 'utf8');
      const rotated = await cli(FIRST, 'key', 'rotate', '--json');
      expect(rotated.code).toBe(0);
      const rotation = rotated.json<{ previousKeyId: string; keyId: string; keys: number }>()[0];
      expect(rotation?.keys).toBe(2);
      expect(rotation?.keyId).not.toBe(rotation?.previousKeyId);
      expect(readFileSync(keyFile, 'utf8')).not.toBe(before);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);

      expect((await cli(SECOND, 'publish', '--out', out, '--list', DEBTORS)).code).toBe(0);
      const manifestOf = (v: number) =>
        (
          JSON.parse(
            readFileSync(join(out, DEBTORS, `v${v}.manifest.json`), 'utf8'),
          ) as SignedManifest
        ).manifest;
      expect(manifestOf(1).keyId).toBe(rotation?.previousKeyId);
      expect(manifestOf(2).keyId).toBe(rotation?.keyId);
      const intact = await cli(SECOND, 'verify', '--out', out);
      expect(intact.code).toBe(0);
      expect(intact.stdout).toContain('files, signatures and chains intact');

      // The new key's endorsement by the old one, replaced: the chain of keys no longer holds.
      await target.tamper(db, [
        `update authority_public_keys set endorsement = self_signature where key_id = '${rotation?.keyId}'`,
      ]);
      const broken = await cli(SECOND, 'verify', '--out', out, '--json');
      expect(broken.code).toBe(1);
      expect(
        broken.json<{ publications: { firstBroken: { problem: string; message: string } } }>()[0]
          ?.publications.firstBroken,
      ).toMatchObject({ problem: 'key' });
      expect(broken.stdout).toContain('is not endorsed by the key it claims to replace');
    });

    it('moves a private key an older store kept in its database to the key file, and keeps signing with it', async () => {
      const { db, keyFile, out, cli } = await city(target);
      expect((await cli(FIRST, 'publish', '--out', out, '--list', DEBTORS)).code).toBe(0);
      const pem = readFileSync(keyFile, 'utf8');
      const [key] = (await readDatabase(db)).get('authority_public_keys') ?? [];
      // The store as the version before left it: the key pair in `authority_keys`, no key file.
      await target.tamper(db, [
        'drop table authority_public_keys',
        "delete from kysely_migration where name in ('0008-authority-key-file', '0009-store-clock', '0010-agency-tokens', '0011-citizen-preferences', '0012-audit-partitions', '0013-published-entries', '0014-records-by-agency')",
        'drop table store_clock',
        'drop table agency_tokens',
        'drop table citizen_preferences',
        'create table authority_keys (id integer primary key, key_id text not null, algorithm text not null, public_key text not null, private_key text not null, created_at bigint not null)',
        `insert into authority_keys values (1, ${sqlText(key?.key_id as string)}, 'Ed25519', ${sqlText(key?.public_key as string)}, ${sqlText(pem)}, ${Number(key?.created_at)})`,
      ]);
      rmSync(keyFile);

      const verify = await cli(FIRST, 'verify', '--out', out);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(readFileSync(keyFile, 'utf8')).toBe(pem);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const tables = await readDatabase(db);
      expect(tables.has('authority_keys')).toBe(false);
      expect(JSON.stringify([...tables.values()])).not.toContain('PRIVATE KEY');
      // Made before the clock rule, the store is live now: the machine's clock publishes.
      const machine = (...args: string[]) => probity([...args, '--db', db, '--key-file', keyFile]);
      expect((await machine('publish', '--out', out, '--list', DEBTORS)).code).toBe(0);
      expect((await machine('verify', '--out', out)).code).toBe(0);
    });

    it('records the key of a key file that is there already as the next key, endorsed by the one an older store kept', async () => {
      const { db, keyFile, out, cli } = await city(target);
      expect((await cli(FIRST, 'publish', '--out', out, '--list', DEBTORS)).code).toBe(0);
      const pem = readFileSync(keyFile, 'utf8');
      const [key] = (await readDatabase(db)).get('authority_public_keys') ?? [];
      // The store as the version before left it: the key pair in `authority_keys`, no key file.
      await target.tamper(db, [
        'drop table authority_public_keys',
        "delete from kysely_migration where name in ('0008-authority-key-file', '0009-store-clock', '0010-agency-tokens', '0011-citizen-preferences', '0012-audit-partitions', '0013-published-entries', '0014-records-by-agency')",
        'drop table store_clock',
        'drop table agency_tokens',
        'drop table citizen_preferences',
        'create table authority_keys (id integer primary key, key_id text not null, algorithm text not null, public_key text not null, private_key text not null, created_at bigint not null)',
        `insert into authority_keys values (1, ${sqlText(key?.key_id as string)}, 'Ed25519', ${sqlText(key?.public_key as string)}, ${sqlText(pem)}, ${Number(key?.created_at)})`,
      ]);
      // Another key file is there already: a key of its own, made before the store was opened.
      rmSync(keyFile);
      const other = generateKeyPairSync('ed25519').privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      });
      writeFileSync(keyFile, other, { mode: 0o600 });

      const verify = await cli(FIRST, 'verify', '--out', out);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(readFileSync(keyFile, 'utf8')).toBe(other);
      const tables = await readDatabase(db);
      const keys = tables.get('authority_public_keys') ?? [];
      expect(keys.map((k) => k.previous_key_id)).toEqual([null, key?.key_id]);
      expect(keys[1]?.endorsement).toEqual(expect.any(String));
      expect(tables.has('authority_keys')).toBe(false);
      expect(JSON.stringify([...tables.values()])).not.toContain('PRIVATE KEY');
      // Made before the clock rule, the store is live now: the machine's clock publishes.
      const machine = (...args: string[]) => probity([...args, '--db', db, '--key-file', keyFile]);
      expect((await machine('publish', '--out', out, '--list', DEBTORS)).code).toBe(0);
      expect((await machine('verify', '--out', out)).code).toBe(0);
    });
  });
}
