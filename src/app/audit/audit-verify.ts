// Verifies the stored audit log from its first entry to its last (what `probity verify` runs),
// reading it in pages so that a log of any length is checked in constant memory. An anchor (an
// entry's seq and hash recorded outside Probity earlier) catches what the chain alone cannot: a
// tail rewritten with recomputed hashes, or cut off.
import type { AuditEntry, AuditLogStore } from '../ports/audit-log-store.js';
import { verifyAuditChain, type AuditChainHead, type AuditChainReport } from './audit-chain.js';

const PAGE = 10_000;

export async function* auditEntriesOf(
  store: AuditLogStore,
  pageSize = PAGE,
): AsyncGenerator<AuditEntry> {
  let after = 0;
  for (;;) {
    const page = await store.readAudit(after, pageSize);
    yield* page;
    const last = page[page.length - 1];
    if (last === undefined || page.length < pageSize) return;
    after = last.seq;
  }
}

export async function verifyAuditLog(
  store: AuditLogStore,
  anchor?: AuditChainHead,
): Promise<AuditChainReport> {
  const report = await verifyAuditChain(auditEntriesOf(store));
  if (!report.ok || anchor === undefined) return report;
  const [entry] = await store.readAudit(anchor.seq - 1, 1);
  if (entry?.seq !== anchor.seq)
    return { ...report, ok: false, firstBroken: { seq: anchor.seq, problem: 'missing' } };
  if (entry.hash !== anchor.hash)
    return { ...report, ok: false, firstBroken: { seq: anchor.seq, problem: 'hash' } };
  return report;
}
