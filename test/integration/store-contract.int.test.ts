// The ledger store contract: one suite, run against SQLite always and against PostgreSQL when
// PROBITY_TEST_DATABASE_URL names a scratch database. Each test gets a fresh ledger: a new SQLite
// file, or a new PostgreSQL schema selected through the connection's search_path.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/app/ports/audit-log-store.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import type { FeedDelta, FeedEntry } from '../../src/app/ports/list-feed-store.js';
import { DomainError } from '../../src/core/errors/domain-error.js';
import type { LedgerEvent } from '../../src/core/ledger/ledger-types.js';
import { instant } from '../../src/core/time/instant.js';
import { openStore } from '../../src/store/index.js';
import {
  T0,
  aCatalog,
  aPolicy,
  aRecord,
  aRecordEvent,
  aSubject,
  aSubjectEvent,
  anAgency,
  organizationKey,
  personKey,
} from '../factories/ledger-rows.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';

async function expectDomainError(promise: Promise<unknown>, code: string): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

function describeStoreContract(name: string, target: StoreTarget): void {
  describe(`ledger store contract: ${name}`, () => {
    let location: string;
    let store: LedgerStore;

    beforeEach(async () => {
      location = await target.newLocation();
      store = await openStore(location);
    });

    afterEach(async () => {
      await store.close();
      await target.dispose(location);
    });

    afterAll(() => target.end());

    it('migrates idempotently, keeping what was written', async () => {
      await store.transaction(async (tx) => {
        await tx.lockHead();
        await tx.insertRecords([aRecord({ id: 1 })]);
        await tx.setHead(1);
      });
      await store.migrate();
      await store.migrate();
      const again = await openStore(location);
      try {
        expect(await again.headSeq()).toBe(1);
        expect(await again.findRecord(1)).toEqual(aRecord({ id: 1 }));
      } finally {
        await again.close();
      }
    });

    it('starts with the head at 0 and moves it through lockHead and setHead', async () => {
      expect(await store.headSeq()).toBe(0);
      const locked = await store.transaction(async (tx) => {
        const head = await tx.lockHead();
        await tx.setHead(head + 5);
        return head;
      });
      expect(locked).toBe(0);
      expect(await store.headSeq()).toBe(5);
      expect(await store.transaction((tx) => tx.lockHead())).toBe(5);
    });

    it('serialises concurrent writers on the head', async () => {
      const append = (n: number) =>
        store.transaction(async (tx) => {
          const head = await tx.lockHead();
          await new Promise((resolve) => setTimeout(resolve, 20));
          await tx.setHead(head + n);
          return head;
        });
      const heads = await Promise.all([append(1), append(1), append(1)]);
      expect([...heads].sort()).toEqual([0, 1, 2]);
      expect(await store.headSeq()).toBe(3);
    });

    it('writes nothing when the transaction throws', async () => {
      const failing = store.transaction(async (tx) => {
        const head = await tx.lockHead();
        await tx.insertSubjects([aSubject({ key: personKey(1), firstSeq: head + 1 })]);
        await tx.insertRecords([aRecord({ id: head + 1 })]);
        await tx.insertRecordEvents([aRecordEvent({ seq: head + 2, recordId: head + 1 })]);
        await tx.setHead(head + 2);
        throw new Error('the import was interrupted');
      });
      await expect(failing).rejects.toThrow('the import was interrupted');
      expect(await store.headSeq()).toBe(0);
      expect(await store.findRecord(1)).toBeUndefined();
      expect(await store.findSubject(personKey(1))).toBeUndefined();
      expect(await store.readEvents(0, 10)).toEqual([]);
    });

    it('returns records exactly as they were written', async () => {
      const records = [
        aRecord({ id: 1 }),
        aRecord({
          id: 2,
          subject: organizationKey(7),
          subjectKind: 'organization',
          agencyId: 'tax-1',
          sourceRef: 'TX/2026/ü-42',
          category: 'tax.arrears',
          occurredAt: instant(-86_400_000 * 365),
          recordedAt: instant(4_102_444_800_123),
          fields: { amount: -1, note: '欠税 "quoted" \\ back', overdue: true, zero: 0 },
          catalogVersion: 3,
        }),
        aRecord({ id: 3, fields: {} }),
      ];
      await store.transaction(async (tx) => {
        await tx.lockHead();
        await tx.insertRecords(records);
        await tx.setHead(3);
      });
      expect(await store.findRecord(2)).toEqual(records[1]);
      expect(await store.findRecord(4)).toBeUndefined();
      expect(await store.recordsOfSubject(personKey(1))).toEqual([records[0], records[2]]);
      expect(await store.recordsOfSubject(organizationKey(7))).toEqual([records[1]]);
    });

    it('stores a batch of thousands of records in one transaction', async () => {
      const records = Array.from({ length: 1_234 }, (_, i) =>
        aRecord({ id: i + 1, subject: personKey(i % 300), sourceRef: `bulk-${i}` }),
      );
      await store.transaction(async (tx) => {
        await tx.lockHead();
        await tx.insertRecords(records);
        await tx.setHead(records.length);
      });
      expect((await store.counts()).records).toBe(1_234);
      expect(await store.findRecord(1_234)).toEqual(records[1_233]);
      expect(await store.recordsOfSubject(personKey(7))).toHaveLength(5);
    });

    it('returns a large batch exactly as written, whatever characters its text holds', async () => {
      // Large enough for PostgreSQL's COPY path, whose text format escapes these characters.
      const odd = ['\\', '\t', '\n', '\r', '\\N', '"q"', '欠税', '\\t', 'a\\\\b'];
      const records = Array.from({ length: 250 }, (_, i) =>
        aRecord({
          id: i + 1,
          subject: personKey(i % 40),
          sourceRef: `ref-${i}${odd[i % odd.length]}`,
          fields: { amount: i, note: `x${odd[(i + 3) % odd.length]}y` },
        }),
      );
      await store.transaction(async (tx) => {
        await tx.lockHead();
        await tx.insertRecords(records);
        await tx.setHead(records.length);
      });
      for (const id of [1, 2, 3, 4, 5, 6, 7, 8, 9, 250]) {
        expect(await store.findRecord(id)).toEqual(records[id - 1]);
      }
      const ofSubject = await store.recordsOfSubject(personKey(3));
      expect(ofSubject).toEqual(records.filter((r) => r.subject === personKey(3)));
    });

    it('refuses a large batch holding a sourceRef already in the ledger, writing none of it', async () => {
      const batch = (from: number) =>
        Array.from({ length: 200 }, (_, i) =>
          aRecord({ id: from + i, sourceRef: `dup-${i === 199 ? 0 : from + i}` }),
        );
      await store.transaction(async (tx) => {
        await tx.lockHead();
        await tx.insertRecords([aRecord({ id: 1, sourceRef: 'dup-0' })]);
        await tx.setHead(1);
      });
      const again = store.transaction(async (tx) => {
        await tx.lockHead();
        await tx.insertRecords(batch(2));
        await tx.setHead(201);
      });
      await expectDomainError(again, 'LedgerConflict');
      expect((await store.counts()).records).toBe(1);
    });

    it('refuses a second record with the same agency and source reference as a LedgerConflict', async () => {
      await store.transaction(async (tx) => {
        await tx.insertRecords([aRecord({ id: 1, sourceRef: 'case-7' })]);
        await tx.setHead(1);
      });
      await expectDomainError(
        store.transaction(async (tx) => {
          await tx.insertRecords([
            aRecord({ id: 2, sourceRef: 'case-8' }),
            aRecord({ id: 3, sourceRef: 'case-7' }),
          ]);
          await tx.setHead(3);
        }),
        'LedgerConflict',
      );
      await expectDomainError(
        store.transaction((tx) => tx.insertRecords([aRecord({ id: 1, sourceRef: 'case-9' })])),
        'LedgerConflict',
      );
      expect(await store.headSeq()).toBe(1);
      expect(await store.findRecord(2)).toBeUndefined();
      await store.transaction((tx) =>
        tx.insertRecords([aRecord({ id: 2, agencyId: 'court-2', sourceRef: 'case-7' })]),
      );
      expect((await store.counts()).records).toBe(2);
    });

    it("finds record ids by source reference within that agency's records only", async () => {
      const mine = Array.from({ length: 1_100 }, (_, i) =>
        aRecord({ id: i + 1, sourceRef: `ref-${i}` }),
      );
      const theirs = aRecord({ id: 2_000, agencyId: 'court-2', sourceRef: 'ref-shared' });
      await store.transaction(async (tx) => {
        await tx.insertRecords([...mine, theirs]);
      });
      const asked = [...mine.map((r) => r.sourceRef), 'ref-shared', 'ref-missing'];
      const found = await store.transaction((tx) => tx.recordIdsBySourceRef('court-1', asked));
      expect(found.size).toBe(1_100);
      expect(found.get('ref-0')).toBe(1);
      expect(found.get('ref-1099')).toBe(1_100);
      expect(found.has('ref-shared')).toBe(false);
      expect(
        await store.transaction((tx) =>
          tx.recordIdsBySourceRef('court-2', ['ref-shared', 'ref-0']),
        ),
      ).toEqual(new Map([['ref-shared', 2_000]]));
      expect(await store.transaction((tx) => tx.recordIdsBySourceRef('court-1', []))).toEqual(
        new Map(),
      );
    });

    it('registers subjects and leaves existing keys as they are', async () => {
      await store.transaction((tx) =>
        tx.insertSubjects([
          aSubject({ key: personKey(1), firstSeq: 1, name: 'Li Wei' }),
          aSubject({
            key: organizationKey(1),
            kind: 'organization',
            birthDate: undefined,
            firstSeq: 2,
          }),
        ]),
      );
      await store.transaction((tx) =>
        tx.insertSubjects([
          aSubject({ key: personKey(1), firstSeq: 9, name: 'Someone Else' }),
          aSubject({ key: personKey(2), firstSeq: 10 }),
          aSubject({ key: personKey(2), firstSeq: 11 }),
        ]),
      );
      expect(await store.findSubject(personKey(1))).toEqual({
        key: personKey(1),
        kind: 'person',
        birthDate: instant(Date.UTC(1990, 0, 1)),
        name: 'Li Wei',
        closedAt: undefined,
        closedBy: undefined,
      });
      expect(await store.findSubject(organizationKey(1))).toEqual({
        key: organizationKey(1),
        kind: 'organization',
        birthDate: undefined,
        name: undefined,
        closedAt: undefined,
        closedBy: undefined,
      });
      expect(await store.findSubject(personKey(3))).toBeUndefined();
      const counts = await store.counts();
      expect([counts.persons, counts.organizations]).toEqual([2, 1]);
    });

    it('reports the closure state of the subjects that exist', async () => {
      const keys = Array.from({ length: 700 }, (_, i) => personKey(i));
      await store.transaction((tx) =>
        tx.insertSubjects(keys.map((key, i) => aSubject({ key, firstSeq: i + 1 }))),
      );
      const states = await store.transaction((tx) => tx.subjectStates([...keys, personKey(9_999)]));
      expect(states.size).toBe(700);
      expect(states.get(personKey(699))).toEqual({ closedAt: undefined });
      expect(states.has(personKey(9_999))).toBe(false);
    });

    it('closes subjects with subject events, and a closed subject stays closed', async () => {
      await store.transaction(async (tx) => {
        await tx.insertSubjects([
          aSubject({ key: personKey(1), firstSeq: 1 }),
          aSubject({
            key: organizationKey(1),
            kind: 'organization',
            birthDate: undefined,
            firstSeq: 2,
          }),
        ]);
        await tx.insertSubjectEvents([
          aSubjectEvent({ seq: 3, subject: personKey(1), at: instant(T0 + 1_000) }),
        ]);
      });
      await store.transaction((tx) =>
        tx.insertSubjectEvents([
          aSubjectEvent({
            seq: 4,
            subject: personKey(1),
            type: 'dissolved',
            at: instant(T0 + 9_000),
          }),
          aSubjectEvent({
            seq: 5,
            subject: organizationKey(1),
            type: 'dissolved',
            actor: 'market-regulator',
          }),
        ]),
      );
      expect(await store.findSubject(personKey(1))).toMatchObject({
        closedAt: T0 + 1_000,
        closedBy: 'deceased',
      });
      expect(await store.findSubject(organizationKey(1))).toMatchObject({
        closedAt: T0,
        closedBy: 'dissolved',
      });
      const states = await store.transaction((tx) =>
        tx.subjectStates([personKey(1), organizationKey(1)]),
      );
      expect(states.get(personKey(1))).toEqual({ closedAt: T0 + 1_000 });
    });

    it('reads the three kinds of event merged in sequence order, after a sequence number and up to a limit', async () => {
      const r1 = aRecord({ id: 1 });
      const r2 = aRecord({ id: 2, sourceRef: 'case-2' });
      const e3 = aRecordEvent({
        seq: 3,
        recordId: 1,
        type: 'objected',
        actor: 'subject',
        reason: 'paid already',
      });
      const r4 = aRecord({ id: 4, sourceRef: 'case-4' });
      const s5 = aSubjectEvent({ seq: 5, subject: personKey(1) });
      const e6 = aRecordEvent({
        seq: 6,
        recordId: 2,
        type: 'corrected',
        reason: 'amount misread',
        fields: { amount: 12_500, appealed: true },
      });
      await store.transaction(async (tx) => {
        await tx.lockHead();
        await tx.insertSubjects([aSubject({ key: personKey(1), firstSeq: 1 })]);
        await tx.insertRecords([r1, r2, r4]);
        await tx.insertRecordEvents([e3, e6]);
        await tx.insertSubjectEvents([s5]);
        await tx.setHead(6);
      });
      const all: LedgerEvent[] = [
        { kind: 'record', seq: 1, record: r1 },
        { kind: 'record', seq: 2, record: r2 },
        { kind: 'record-event', seq: 3, event: e3 },
        { kind: 'record', seq: 4, record: r4 },
        { kind: 'subject-event', seq: 5, event: s5 },
        { kind: 'record-event', seq: 6, event: e6 },
      ];
      expect(await store.readEvents(0, 100)).toEqual(all);
      expect(await store.readEvents(2, 3)).toEqual(all.slice(2, 5));
      expect(await store.readEvents(0, 1)).toEqual(all.slice(0, 1));
      expect(await store.readEvents(6, 10)).toEqual([]);
      expect(await store.recordEventsOf(2)).toEqual([e6]);
      expect(await store.recordEventsOf(4)).toEqual([]);
    });

    it('keeps catalogue and policy versions and reads them back', async () => {
      const c1 = aCatalog({ version: 1, seq: 1 });
      const c2 = aCatalog({ version: 2, seq: 3, text: 'version: 2\n# 中文\n' });
      const p1 = aPolicy({
        policyId: 'city-score',
        version: 1,
        seq: 2,
        effectiveFrom: instant(T0 + 86_400_000),
      });
      const p2 = aPolicy({ policyId: 'city-score', version: 2, seq: 4 });
      expect(await store.latestCatalog()).toBeUndefined();
      await store.transaction(async (tx) => {
        await tx.insertCatalog(c1);
        await tx.insertPolicy(p1);
        await tx.insertCatalog(c2);
        await tx.insertPolicy(p2);
      });
      expect(await store.latestCatalog()).toEqual(c2);
      expect(await store.catalogVersion(1)).toEqual(c1);
      expect(await store.catalogVersion(3)).toBeUndefined();
      expect(await store.policies()).toEqual([p1, p2]);
      await expectDomainError(
        store.transaction((tx) =>
          tx.insertPolicy(aPolicy({ policyId: 'city-score', version: 2, seq: 5 })),
        ),
        'LedgerConflict',
      );
      await expectDomainError(
        store.transaction((tx) => tx.insertCatalog(aCatalog({ version: 2, seq: 6 }))),
        'LedgerConflict',
      );
    });

    it('registers agencies and refuses a duplicate id or token as AgencyExists', async () => {
      const court = anAgency({ id: 'court-1', seq: 1 });
      const tax = anAgency({ id: 'tax-1', kind: 'tax', seq: 2, tokenHash: 'f00d' });
      await store.transaction(async (tx) => {
        await tx.insertAgency(court);
        await tx.insertAgency(tax);
      });
      expect(await store.findAgency('tax-1')).toEqual(tax);
      expect(await store.findAgency('nobody')).toBeUndefined();
      expect(await store.findAgencyByTokenHash('f00d')).toEqual({
        ...tax,
        token: {
          agencyId: 'tax-1',
          issuedAt: tax.createdAt,
          expiresAt: undefined,
          revokedAt: undefined,
        },
      });
      expect(await store.agencies()).toEqual([court, tax]);
      await expectDomainError(
        store.transaction((tx) =>
          tx.insertAgency(anAgency({ id: 'court-1', seq: 3, tokenHash: 'new' })),
        ),
        'AgencyExists',
      );
      await expectDomainError(
        store.transaction((tx) =>
          tx.insertAgency(anAgency({ id: 'court-2', seq: 3, tokenHash: 'f00d' })),
        ),
        'AgencyExists',
      );
      expect(await store.agencies()).toHaveLength(2);
    });

    it("replaces and revokes an agency's token outside the ledger: the old digest finds no one, the ledger row keeps the first", async () => {
      const tax = anAgency({ id: 'tax-1', kind: 'tax', seq: 1, tokenHash: 'f00d' });
      await store.transaction((tx) => tx.insertAgency({ ...tax, tokenExpiresAt: instant(9_000) }));
      expect((await store.findAgencyByTokenHash('f00d'))?.token.expiresAt).toBe(9_000);
      await store.replaceAgencyToken({
        agencyId: 'tax-1',
        tokenHash: 'beef',
        issuedAt: instant(5_000),
        expiresAt: undefined,
      });
      expect(await store.findAgencyByTokenHash('f00d')).toBeUndefined();
      expect(await store.findAgencyByTokenHash('beef')).toMatchObject({
        id: 'tax-1',
        token: { issuedAt: 5_000, expiresAt: undefined, revokedAt: undefined },
      });
      expect((await store.findAgency('tax-1'))?.tokenHash).toBe('f00d');
      await store.revokeAgencyToken('tax-1', instant(6_000));
      expect(await store.agencyTokens()).toEqual([
        { agencyId: 'tax-1', issuedAt: 5_000, expiresAt: undefined, revokedAt: 6_000 },
      ]);
    });

    it('counts subjects by kind, records, record events, agencies and the head', async () => {
      expect(await store.counts()).toEqual({
        persons: 0,
        organizations: 0,
        records: 0,
        recordEvents: 0,
        agencies: 0,
        headSeq: 0,
      });
      await store.transaction(async (tx) => {
        await tx.lockHead();
        await tx.insertAgency(anAgency({ id: 'court-1', seq: 1 }));
        await tx.insertSubjects([
          aSubject({ key: personKey(1), firstSeq: 2 }),
          aSubject({ key: personKey(2), firstSeq: 3 }),
          aSubject({
            key: organizationKey(1),
            kind: 'organization',
            birthDate: undefined,
            firstSeq: 4,
          }),
        ]);
        await tx.insertRecords([aRecord({ id: 2 }), aRecord({ id: 3, subject: personKey(2) })]);
        await tx.insertRecordEvents([aRecordEvent({ seq: 4, recordId: 2 })]);
        await tx.setHead(4);
      });
      expect(await store.counts()).toEqual({
        persons: 2,
        organizations: 1,
        records: 2,
        recordEvents: 1,
        agencies: 1,
        headSeq: 4,
      });
    });

    it('gives the sizes a cold load reserves for: its subjects and records, never fewer', async () => {
      expect(await store.sizes()).toEqual({ subjects: 0, records: 0 });
      await store.transaction(async (tx) => {
        await tx.lockHead();
        await tx.insertAgency(anAgency({ id: 'court-1', seq: 1 }));
        await tx.insertSubjects([
          aSubject({ key: personKey(1), firstSeq: 2 }),
          aSubject({
            key: organizationKey(1),
            kind: 'organization',
            birthDate: undefined,
            firstSeq: 3,
          }),
        ]);
        await tx.insertRecords([
          aRecord({ id: 2 }),
          aRecord({ id: 3, subject: organizationKey(1) }),
        ]);
        await tx.setHead(3);
      });
      // A write that fails leaves no rows; the sizes may count it or not, but never fewer rows.
      await expect(
        store.transaction(async (tx) => {
          await tx.lockHead();
          await tx.insertSubjects([aSubject({ key: personKey(2), firstSeq: 4 })]);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      const sizes = await store.sizes();
      expect(sizes.records).toBe(2);
      expect(sizes.subjects).toBeGreaterThanOrEqual(2);
      expect(sizes.subjects).toBeLessThanOrEqual(3);
    });

    // Audit log
    const anAuditEntry = (
      seq: number,
      subject = personKey(seq % 2),
      actor = 'agency:airline-1',
    ): AuditEntry => ({
      seq,
      at: instant(T0 + seq),
      actor,
      purpose: 'enforcement',
      action: 'check',
      subject,
      outcome: `deny travel.flight "chk_${seq}" 失信`,
      hash: `${String(seq).padStart(4, '0')}${'ab'.repeat(30)}`,
    });

    it("appends audit entries and reads them back in seq order, the last one, and a subject's newest first", async () => {
      expect(await store.lastAudit()).toBeUndefined();
      expect(await store.readAudit(0, 10)).toEqual([]);
      const entries = [1, 2, 3, 4, 5].map((seq) => anAuditEntry(seq));
      await store.appendAudit(entries.slice(0, 2));
      await store.appendAudit([]);
      await store.appendAudit(entries.slice(2));
      expect(await store.lastAudit()).toEqual(entries[4]);
      expect(await store.readAudit(0, 10)).toEqual(entries);
      expect(await store.readAudit(2, 2)).toEqual([entries[2], entries[3]]);
      expect(await store.readAudit(5, 10)).toEqual([]);
      expect(await store.auditOfSubject(personKey(1), 10)).toEqual([
        entries[4],
        entries[2],
        entries[0],
      ]);
      expect(await store.auditOfSubject(personKey(1), 2)).toEqual([entries[4], entries[2]]);
      expect(await store.auditOfSubject(personKey(9), 10)).toEqual([]);
    });

    it('appends a batch of 20 000 audit entries in one call', async () => {
      const entries = Array.from({ length: 20_000 }, (_, i) => anAuditEntry(i + 1, personKey(i)));
      await store.appendAudit(entries);
      expect(await store.lastAudit()).toEqual(entries[19_999]);
      expect(await store.readAudit(9_999, 1)).toEqual([entries[9_999]]);
    });

    it('refuses a taken audit seq, and a gap, as AuditConflict and writes nothing of that append', async () => {
      await store.appendAudit([anAuditEntry(1), anAuditEntry(2)]);
      await expectDomainError(
        store.appendAudit([anAuditEntry(2), anAuditEntry(3)]),
        'AuditConflict',
      );
      await expectDomainError(
        store.appendAudit([anAuditEntry(4), anAuditEntry(5)]),
        'AuditConflict',
      );
      await expectDomainError(
        store.appendAudit([anAuditEntry(3), anAuditEntry(5)]),
        'AuditConflict',
      );
      expect((await store.readAudit(0, 10)).map((e) => e.seq)).toEqual([1, 2]);
    });

    it("returns a large audit append (an import batch's) exactly as written, in a ledger transaction too, and refuses a taken seq in one", async () => {
      // Large enough for the bulk path (PostgreSQL: COPY, whose text format escapes these).
      const odd = ['\\', '\t', '\n', '\r', '\\N', '"q"', '失信', '\\t', 'a\\\\b'];
      const entries = Array.from({ length: 300 }, (_, i) => ({
        ...anAuditEntry(i + 1, personKey(i % 40), `agency:a${odd[i % odd.length]}`),
        outcome: `rejected x${odd[(i + 3) % odd.length]}y`,
      }));
      await store.appendAudit(entries.slice(0, 150));
      await store.transaction((tx) => tx.appendAuditChain(() => entries.slice(150)));
      expect(await store.readAudit(0, 1_000)).toEqual(entries);
      const numbered = (from: number) =>
        entries.slice(0, 150).map((e, i) => ({ ...e, seq: from + i, outcome: 'again' }));
      await expectDomainError(store.appendAudit(numbered(101)), 'AuditConflict'); // taken
      await expectDomainError(store.appendAudit(numbered(302)), 'AuditConflict'); // a gap
      await expectDomainError(
        store.transaction((tx) => tx.appendAuditChain(() => numbered(250))),
        'AuditConflict',
      );
      expect(await store.readAudit(0, 1_000)).toEqual(entries);
    });

    // List feeds
    const aDelta = (
      seq: number,
      list: string,
      op: FeedDelta['op'],
      subject: string,
      extra: Partial<FeedEntry> = {},
    ): FeedDelta => ({
      seq,
      list,
      op,
      subject,
      entry: {
        subject,
        list,
        since: '2026-03-11T08:00:00.000Z',
        until: '2029-03-01T00:00:00.000Z',
        records: [seq],
        legalBasis: 'SPC Fa Shi [2017] No. 7',
        ...extra,
      },
      at: instant(T0 + seq),
    });

    it("reads a list's feed deltas in seq order after a cursor, and each list's last seq", async () => {
      expect(await store.lastFeedSeq()).toBe(0);
      expect(await store.lastFeedSeq('debtors')).toBe(0);
      const deltas = [
        aDelta(1, 'debtors', 'add', personKey(1), { legalBasis: '失信 "quoted" \\ art. 1' }),
        aDelta(2, 'tax', 'add', organizationKey(1)),
        aDelta(3, 'debtors', 'add', personKey(2)),
        aDelta(4, 'debtors', 'modify', personKey(1), { until: null }),
      ];
      await store.appendFeed(deltas.slice(0, 2));
      await store.appendFeed(deltas.slice(2));
      await store.appendFeed([]);
      expect(await store.readFeed('debtors', 0, 100)).toEqual([deltas[0], deltas[2], deltas[3]]);
      expect(await store.readFeed('debtors', 1, 1)).toEqual([deltas[2]]);
      expect(await store.readFeed('debtors', 4, 100)).toEqual([]);
      expect(await store.readFeed('nobody', 0, 100)).toEqual([]);
      expect(await store.lastFeedSeq()).toBe(4);
      expect(await store.lastFeedSeq('debtors')).toBe(4);
      expect(await store.lastFeedSeq('tax')).toBe(2);
    });

    it('keeps the current entry of every member: the last add or modify not removed since', async () => {
      await store.appendFeed([
        aDelta(1, 'debtors', 'add', personKey(1)),
        aDelta(2, 'debtors', 'add', personKey(2)),
        aDelta(3, 'tax', 'add', personKey(1)),
      ]);
      const modified = aDelta(4, 'debtors', 'modify', personKey(1), {
        until: '2028-03-01T00:00:00.000Z',
      });
      await store.appendFeed([modified, aDelta(5, 'debtors', 'remove', personKey(2))]);
      // A subject removed and added again in one append ends up on the list.
      const back = aDelta(7, 'tax', 'add', personKey(1), { since: '2026-04-01T00:00:00.000Z' });
      await store.appendFeed([aDelta(6, 'tax', 'remove', personKey(1)), back]);
      expect(await store.feedState()).toEqual([modified, back]);
    });

    it('refuses a taken feed seq as FeedConflict and writes nothing of that append', async () => {
      await store.appendFeed([aDelta(1, 'debtors', 'add', personKey(1))]);
      await expectDomainError(
        store.appendFeed([
          aDelta(2, 'debtors', 'add', personKey(2)),
          aDelta(1, 'debtors', 'remove', personKey(1)),
        ]),
        'FeedConflict',
      );
      expect(await store.lastFeedSeq()).toBe(1);
      expect((await store.feedState()).map((d) => d.subject)).toEqual([personKey(1)]);
    });

    it('keeps the ledger sequence feeds were computed at, and refuses deltas computed at an earlier one', async () => {
      expect(await store.feedLedgerSeq()).toBe(0);
      await store.appendFeed([aDelta(1, 'debtors', 'add', personKey(1))], { ledgerSeq: 7 });
      expect(await store.feedLedgerSeq()).toBe(7);
      // A server whose engine folded less would take back what the one at 7 wrote.
      await expectDomainError(
        store.appendFeed([aDelta(2, 'debtors', 'remove', personKey(1))], { ledgerSeq: 6 }),
        'FeedConflict',
      );
      expect(await store.lastFeedSeq()).toBe(1);
      expect(await store.feedLedgerSeq()).toBe(7);
      await store.appendFeed([aDelta(2, 'debtors', 'add', personKey(2))], { ledgerSeq: 7 });
      await store.appendFeed([aDelta(3, 'debtors', 'add', personKey(3))]);
      await store.appendFeed([aDelta(4, 'debtors', 'remove', personKey(1))], { ledgerSeq: 9 });
      expect(await store.feedLedgerSeq()).toBe(9);
      expect((await store.feedState()).map((d) => d.subject)).toEqual([personKey(2), personKey(3)]);
    });

    it('registers consumers, moves acknowledgements forward only, and reports each lag', async () => {
      await store.appendFeed([
        aDelta(1, 'debtors', 'add', personKey(1)),
        aDelta(2, 'tax', 'add', personKey(1)),
        aDelta(3, 'debtors', 'add', personKey(2)),
        aDelta(4, 'debtors', 'add', personKey(3)),
      ]);
      await store.registerFeedConsumer('debtors', 'airline-1');
      await store.registerFeedConsumer('debtors', 'rail-1');
      await store.registerFeedConsumer('tax', 'rail-1');
      expect(await store.ackFeed('debtors', 'airline-1', 3, instant(T0 + 10))).toBe(0);
      await store.registerFeedConsumer('debtors', 'airline-1');
      expect(await store.ackFeed('debtors', 'airline-1', 1, instant(T0 + 20))).toBe(3);
      expect(await store.ackFeed('tax', 'rail-1', 2, instant(T0 + 30))).toBe(0);
      expect(await store.feedConsumers()).toEqual([
        {
          list: 'debtors',
          agencyId: 'airline-1',
          ackedSeq: 3,
          ackedAt: T0 + 10,
          lastSeq: 4,
          behind: 1,
        },
        {
          list: 'debtors',
          agencyId: 'rail-1',
          ackedSeq: 0,
          ackedAt: undefined,
          lastSeq: 4,
          behind: 3,
        },
        { list: 'tax', agencyId: 'rail-1', ackedSeq: 2, ackedAt: T0 + 30, lastSeq: 2, behind: 0 },
      ]);
    });
  });
}

for (const target of storeTargets('contract')) describeStoreContract(target.name, target);
