// The audit archive end to end on a real ledger and a real directory (docs/audit.md): closed
// months written as signed, chained, compressed segments and removed from the database (on
// PostgreSQL, their partitions dropped), verify checking the chain across the segments and on into
// the live log, anchors on archived entries, a crash between the write and the drop finished by
// the next run without a second segment, each kind of tampering refused naming the segment, and
// retention per purpose expiring archived entries while the chain still verifies. SQLite always,
// PostgreSQL when PROBITY_TEST_DATABASE_URL names a server.
import { generateKeyPairSync, sign } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { archiveAudit, type AuditArchiveDeps } from '../../src/app/audit/audit-archive.js';
import { readArchivedAudit } from '../../src/app/audit/audit-archive-read.js';
import { chainAuditEntries, EMPTY_AUDIT_CHAIN } from '../../src/app/audit/audit-chain.js';
import {
  parseSegmentManifest,
  segmentManifestText,
  type SignedSegmentManifest,
} from '../../src/app/audit/audit-segment.js';
import type { AuditEvent } from '../../src/app/audit/audit-sink.js';
import { verifyAuditLog, type AuditLogReport } from '../../src/app/audit/audit-verify.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { keyIdOf, rotateSigningKey } from '../../src/app/publications/authority-key.js';
import { canonicalJson } from '../../src/app/publications/publication-format.js';
import { trustedAuthorityKeys } from '../../src/app/publications/publication-verify.js';
import { sha256Hex } from '../../src/app/sha256.js';
import { instant } from '../../src/core/time/instant.js';
import { fileAuditArchive } from '../../src/io/audit-archive-folder.js';
import { keyFileSigner } from '../../src/io/key-file-signer.js';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import { scratchDir } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';

const subjectKey = (n: number): string => personId('1990-01-01', n);
const day = (month: number, d: number): number => Date.UTC(2026, month - 1, d, 9, 0);

/** 20 entries a month from January to April 2026: checks, a citizen's reads, the operator's. */
function monthEvents(month: number): AuditEvent[] {
  return Array.from({ length: 20 }, (_, i) => {
    const purpose = i % 4 === 0 ? 'subject-access' : i % 4 === 1 ? 'oversight' : 'enforcement';
    return {
      at: instant(day(month, 1 + i)),
      actor: purpose === 'subject-access' ? `subject:${subjectKey(i % 3)}` : 'agency:airline-1',
      purpose,
      action: 'check',
      subject: subjectKey(i % 3),
      outcome: `allow travel.flight req-${month}-${i}`,
    };
  });
}

interface Fixture {
  readonly location: string;
  readonly store: LedgerStore;
  readonly dir: string;
  readonly deps: (now: number) => AuditArchiveDeps;
  verify(anchor?: { seq: number; hash: string }): Promise<AuditLogReport>;
}

for (const target of storeTargets('auditarch')) {
  const postgres = target.name === 'PostgreSQL';
  describe(`the audit archive on ${target.name}`, () => {
    const scratch = scratchDir('probity-audit-archive-');
    const opened: LedgerStore[] = [];
    afterAll(async () => {
      for (const store of opened) await store.close().catch(() => undefined);
      await target.end();
      rmSync(scratch, { recursive: true, force: true });
    });

    let n = 0;
    async function fixture(): Promise<Fixture> {
      const location = await target.newLocation();
      const store = await openStore(location);
      opened.push(store);
      n += 1;
      const dir = join(scratch, `archive-${n}`);
      const signer = keyFileSigner(join(scratch, `key-${n}.pem`));
      for (const month of [1, 2, 3, 4]) {
        await store.appendAuditChain((last) =>
          chainAuditEntries(last ?? EMPTY_AUDIT_CHAIN, monthEvents(month)),
        );
      }
      return {
        location,
        store,
        dir,
        deps: (now) => ({
          store,
          signer,
          clock: () => instant(now),
          auditArchive: fileAuditArchive,
        }),
        verify: async (anchor) =>
          verifyAuditLog(store, anchor, {
            files: fileAuditArchive,
            keys: await trustedAuthorityKeys(store, signer),
          }),
      };
    }

    const files = (dir: string): string[] => readdirSync(dir).sort();

    it('archives the closed months before the one given as signed segments, removes them from the database, and verify checks the chain end to end', async () => {
      const f = await fixture();
      const all = await f.store.readAudit(0, 1_000);
      const report = await archiveAudit(f.deps(day(11, 30)), OPERATOR, {
        before: '2026-03',
        dir: f.dir,
      });
      expect(report.archived.map((s) => [s.month, s.firstSeq, s.lastSeq, s.entries])).toEqual([
        ['2026-01', 1, 20, 20],
        ['2026-02', 21, 40, 20],
      ]);
      expect(files(f.dir)).toEqual([
        'audit-2026-01.manifest.json',
        'audit-2026-01.r0.jsonl.gz',
        'audit-2026-02.manifest.json',
        'audit-2026-02.r0.jsonl.gz',
      ]);
      // The segment holds the entries as they were, one JSON line each.
      const lines = gunzipSync(readFileSync(join(f.dir, 'audit-2026-01.r0.jsonl.gz')))
        .toString('utf8')
        .trim()
        .split('\n');
      expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(all.slice(0, 20));
      expect((await f.store.readAudit(0, 1_000)).map((e) => e.seq)).toEqual(
        all.slice(40).map((e) => e.seq),
      );
      const verified = await f.verify();
      expect(verified).toMatchObject({
        ok: true,
        entries: 80,
        head: all.at(-1)?.hash,
        archive: { dir: f.dir, segments: 2, entries: 40, expired: 0 },
      });
      // The chain goes on from the live log; an anchor on an archived entry still holds.
      await f.store.appendAuditChain((last) =>
        chainAuditEntries(last ?? EMPTY_AUDIT_CHAIN, monthEvents(5).slice(0, 1)),
      );
      expect(await f.verify({ seq: 7, hash: all[6]?.hash ?? '' })).toMatchObject({
        ok: true,
        entries: 81,
      });
      expect(await f.verify({ seq: 7, hash: all[5]?.hash ?? '' })).toMatchObject({
        ok: false,
        firstBroken: { seq: 7, problem: 'hash' },
      });
      // Archiving again up to April moves March and keeps April, the month the clock is in.
      const again = await archiveAudit(f.deps(day(4, 25)), OPERATOR, { before: '2026-12' });
      expect(again.archived.map((s) => s.month)).toEqual(['2026-03']);
      expect(await f.verify()).toMatchObject({ ok: true, entries: 81, archive: { segments: 3 } });
    });

    it('empties the live log when every entry is archived, and the next entry chains from the archive', async () => {
      const f = await fixture();
      await archiveAudit(f.deps(day(11, 30)), OPERATOR, { before: '2026-05', dir: f.dir });
      expect(await f.store.readAudit(0, 10)).toEqual([]);
      const [next] = await f.store.appendAuditChain((last) =>
        chainAuditEntries(last ?? EMPTY_AUDIT_CHAIN, monthEvents(6).slice(0, 1)),
      );
      expect(next?.seq).toBe(81);
      expect(await f.verify()).toMatchObject({ ok: true, entries: 81 });
    });

    if (postgres) {
      it('drops the archived months’ partitions on PostgreSQL', async () => {
        const f = await fixture();
        // Opening the store again makes January to April's partitions (their rows waited in
        // DEFAULT: the store was made in another month).
        await (await openStore(f.location)).close();
        const partitions = async (): Promise<string[]> => {
          const client = new pg.Client({ connectionString: f.location });
          await client.connect();
          try {
            const { rows } = await client.query<{ name: string }>(
              `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
               where i.inhparent = to_regclass('audit_log') and c.relname like 'audit_log_p2026%'
               order by 1`,
            );
            return rows.map((r) => r.name);
          } finally {
            await client.end();
          }
        };
        expect(await partitions()).toEqual(
          expect.arrayContaining(['audit_log_p202601', 'audit_log_p202602', 'audit_log_p202603']),
        );
        await archiveAudit(f.deps(day(11, 30)), OPERATOR, { before: '2026-03', dir: f.dir });
        const left = await partitions();
        expect(left).toContain('audit_log_p202603');
        expect(left).not.toContain('audit_log_p202601');
        expect(left).not.toContain('audit_log_p202602');
      });
    }

    it('finishes the job after a crash between writing a segment and dropping its month, without a second segment', async () => {
      const f = await fixture();
      const crashing = new Proxy(f.store, {
        get(t, p) {
          if (p === 'commitAuditSegment') return () => Promise.reject(new Error('killed'));
          const v: unknown = Reflect.get(t, p);
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
        },
      });
      await expect(
        archiveAudit({ ...f.deps(day(11, 30)), store: crashing }, OPERATOR, {
          before: '2026-03',
          dir: f.dir,
        }),
      ).rejects.toThrow('killed');
      // The segment is written, and nothing left the database.
      expect(files(f.dir)).toEqual(['audit-2026-01.manifest.json', 'audit-2026-01.r0.jsonl.gz']);
      expect((await f.store.readAudit(0, 1_000)).length).toBe(80);
      expect(await f.store.auditSegments()).toEqual([]);

      const report = await archiveAudit(f.deps(day(11, 30)), OPERATOR, { before: '2026-03' });
      expect(report.archived.map((s) => s.month)).toEqual(['2026-01', '2026-02']);
      expect(files(f.dir).filter((name) => name.endsWith('.gz'))).toEqual([
        'audit-2026-01.r0.jsonl.gz',
        'audit-2026-02.r0.jsonl.gz',
      ]);
      expect(await f.verify()).toMatchObject({ ok: true, entries: 80, archive: { segments: 2 } });
      // Once done, a further run has nothing to do.
      const none = await archiveAudit(f.deps(day(11, 30)), OPERATOR, { before: '2026-03' });
      expect(none).toMatchObject({ archived: [], expired: [], segments: 2 });
    });

    describe('refuses a tampered archive, naming the segment', () => {
      async function archived(): Promise<Fixture> {
        const f = await fixture();
        await archiveAudit(f.deps(day(11, 30)), OPERATOR, { before: '2026-04', dir: f.dir });
        expect(await f.verify()).toMatchObject({ ok: true });
        return f;
      }
      const broken = (segment: string, message: RegExp) => ({
        ok: false,
        firstBroken: {
          problem: 'segment',
          segment,
          message: expect.stringMatching(message) as unknown,
        },
      });

      it('one byte of a segment changed', async () => {
        const f = await archived();
        const path = join(f.dir, 'audit-2026-02.r0.jsonl.gz');
        const bytes = readFileSync(path);
        bytes[bytes.length - 12] = (bytes[bytes.length - 12] ?? 0) ^ 0x01;
        writeFileSync(path, bytes);
        expect(await f.verify()).toMatchObject(
          broken('audit-2026-02.r0.jsonl.gz', /audit-2026-02.*altered/),
        );
      });

      it('a segment file deleted', async () => {
        const f = await archived();
        rmSync(join(f.dir, 'audit-2026-01.r0.jsonl.gz'));
        expect(await f.verify()).toMatchObject(broken('audit-2026-01.r0.jsonl.gz', /missing from/));
      });

      it('a segment deleted with its record in the ledger', async () => {
        const f = await archived();
        rmSync(join(f.dir, 'audit-2026-02.r0.jsonl.gz'));
        await target.tamper(f.location, ["delete from audit_segments where month = '2026-02'"]);
        expect(await f.verify()).toMatchObject(
          broken('audit-2026-03.r0.jsonl.gz', /does not follow audit-2026-01\.r0\.jsonl\.gz/),
        );
      });

      it('a segment rewritten and re-signed with another key', async () => {
        const f = await archived();
        const row = (await f.store.auditSegments())[1]!;
        const signed = parseSegmentManifest(row.manifest)!;
        const path = join(f.dir, signed.manifest.file.name);
        const text = gunzipSync(readFileSync(path))
          .toString('utf8')
          .replace(/"outcome":"allow/, '"outcome":"deny');
        const bytes = gzipSync(text);
        writeFileSync(path, bytes);
        const other = generateKeyPairSync('ed25519');
        const manifest = {
          ...signed.manifest,
          file: { ...signed.manifest.file, sha256: sha256Hex(bytes), bytes: bytes.length },
        };
        const forged: SignedSegmentManifest = {
          manifest,
          signature: {
            algorithm: 'Ed25519',
            keyId: keyIdOf(other.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
            value: sign(null, Buffer.from(canonicalJson(manifest)), other.privateKey).toString(
              'base64',
            ),
          },
        };
        await target.tamper(f.location, [
          `update audit_segments set manifest = '${segmentManifestText(forged)}' where month = '2026-02'`,
        ]);
        expect(await f.verify()).toMatchObject(
          broken('audit-2026-02.r0.jsonl.gz', /not one of the authority's keys/),
        );
      });

      it('two entries of a segment swapped', async () => {
        const f = await archived();
        const path = join(f.dir, 'audit-2026-03.r0.jsonl.gz');
        const lines = gunzipSync(readFileSync(path)).toString('utf8').trim().split('\n');
        [lines[3], lines[4]] = [lines[4]!, lines[3]!];
        writeFileSync(path, gzipSync(`${lines.join('\n')}\n`));
        expect(await f.verify()).toMatchObject(broken('audit-2026-03.r0.jsonl.gz', /altered/));
      });
    });

    it('expires archived entries past their purpose’s retention, keeping seq, instant, purpose and hash, and the chain still verifies', async () => {
      const f = await fixture();
      await archiveAudit(f.deps(day(11, 30)), OPERATOR, { before: '2026-03', dir: f.dir });
      // In June 2029: a citizen's own reads (1 year) and the checks (3 years) of January and
      // February 2026 are past their retention; the operator's (5 years) are not.
      const later = Date.UTC(2029, 5, 1);
      const report = await archiveAudit(f.deps(later), OPERATOR, { before: '2026-03' });
      expect(report.expired).toEqual([
        { month: '2026-01', file: 'audit-2026-01.r1.jsonl.gz', expired: 15 },
        { month: '2026-02', file: 'audit-2026-02.r1.jsonl.gz', expired: 15 },
      ]);
      expect(files(f.dir).filter((name) => name.endsWith('.gz'))).toEqual([
        'audit-2026-01.r1.jsonl.gz',
        'audit-2026-02.r1.jsonl.gz',
      ]);
      const lines = gunzipSync(readFileSync(join(f.dir, 'audit-2026-01.r1.jsonl.gz')))
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const expired = lines.filter((l) => l.expired === true);
      expect(expired.length).toBe(15);
      for (const entry of expired)
        expect(Object.keys(entry).sort()).toEqual(['at', 'expired', 'hash', 'purpose', 'seq']);
      expect(lines.filter((l) => l.expired !== true).map((l) => l.purpose)).toEqual(
        Array(5).fill('oversight'),
      );
      expect(await f.verify()).toMatchObject({
        ok: true,
        entries: 80,
        archive: { segments: 2, entries: 40, expired: 30 },
      });
      // Nothing further is due until the operator's entries reach five years.
      expect((await archiveAudit(f.deps(later), OPERATOR, { before: '2026-03' })).expired).toEqual(
        [],
      );
      const final = await archiveAudit(f.deps(Date.UTC(2031, 2, 1)), OPERATOR, {
        before: '2026-03',
      });
      expect(final.expired.map((e) => e.expired)).toEqual([5, 5]);
      expect(await f.verify()).toMatchObject({ ok: true, archive: { expired: 40 } });
    });

    it('keeps verifying segments signed before a key rotation, and signs the next ones with the new key', async () => {
      const f = await fixture();
      await archiveAudit(f.deps(day(11, 30)), OPERATOR, { before: '2026-02', dir: f.dir });
      const deps = f.deps(day(11, 30));
      const { previous, next } = await rotateSigningKey(deps.signer, f.store, deps.clock());
      await archiveAudit(deps, OPERATOR, { before: '2026-03' });
      const keyIds = (await f.store.auditSegments()).map(
        (row) => parseSegmentManifest(row.manifest)?.signature.keyId,
      );
      expect(keyIds).toEqual([previous.keyId, next.keyId]);
      expect(await f.verify()).toMatchObject({ ok: true, archive: { segments: 2 } });
    });

    it('reads a subject’s archived entries for the operator, none once expired, and refuses a segment that is not the one archived', async () => {
      const f = await fixture();
      const all = await f.store.readAudit(0, 1_000);
      await archiveAudit(f.deps(day(11, 30)), OPERATOR, { before: '2026-03', dir: f.dir });
      const read = await readArchivedAudit(f.deps(day(11, 30)), OPERATOR, {
        subject: subjectKey(1),
      });
      const theirs = all.slice(0, 40).filter((e) => e.subject === subjectKey(1));
      expect(read).toEqual({
        subject: subjectKey(1),
        segments: 2,
        entries: theirs,
        matched: theirs.length,
      });
      expect(
        (
          await readArchivedAudit(f.deps(day(11, 30)), OPERATOR, {
            subject: subjectKey(1),
            limit: 2,
          })
        ).entries,
      ).toEqual(theirs.slice(-2));
      await expect(
        readArchivedAudit(f.deps(day(11, 30)), { kind: 'public' } as never, {
          subject: subjectKey(1),
        }),
      ).rejects.toMatchObject({ code: 'AuthorityOnly' });
      // Past the checks' retention only the operator's entries are left whole: none names them.
      await archiveAudit(f.deps(Date.UTC(2029, 5, 1)), OPERATOR, { before: '2026-03' });
      const later = await readArchivedAudit(f.deps(Date.UTC(2029, 5, 1)), OPERATOR, {
        subject: subjectKey(1),
      });
      expect(later.entries.map((e) => e.purpose)).toEqual(
        theirs.filter((e) => e.purpose === 'oversight').map((e) => e.purpose),
      );
      const path = join(f.dir, 'audit-2026-02.r1.jsonl.gz');
      writeFileSync(
        path,
        gzipSync(gunzipSync(readFileSync(path)).toString('utf8').replace('oversight', 'oversigh')),
      );
      await expect(
        readArchivedAudit(f.deps(Date.UTC(2029, 5, 1)), OPERATOR, { subject: subjectKey(1) }),
      ).rejects.toMatchObject({
        code: 'AuditChainBroken',
        message: expect.stringContaining('audit-2026-02.r1.jsonl.gz') as unknown,
      });
    });

    it('refuses a month that is not YYYY-MM, and a first run without a directory', async () => {
      const f = await fixture();
      await expect(
        archiveAudit(f.deps(day(11, 30)), OPERATOR, { before: '2026-3', dir: f.dir }),
      ).rejects.toMatchObject({ code: 'UsageError' });
      await expect(
        archiveAudit(f.deps(day(11, 30)), OPERATOR, { before: '2026-03' }),
      ).rejects.toMatchObject({ code: 'UsageError' });
      expect((await f.store.readAudit(0, 1_000)).length).toBe(80);
    });
  });
}
