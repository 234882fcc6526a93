// The audit log's hash chain (charter C11): how an entry's hash is made, and how a log is checked.
//
// Each entry's hash covers the previous entry's hash and this entry's own fields:
//
//   hash_0 = GENESIS (64 zeros)
//   hash_n = SHA-256( hex(hash_{n-1}) || canonical(seq, at, actor, purpose, action, subject, outcome) )
//
// where canonical(...) is the JSON array `[seq,at,"actor","purpose","action","subject","outcome"]`
// (at in epoch milliseconds) and both parts are taken as UTF-8 text, so anyone can recompute an
// entry with a shell: `printf '%s%s' "$prev" '[42,1772352000000,"agency:air-1",...]' | sha256sum`.
// The previous hash has a fixed length and JSON escapes every string, so no two different entries
// (or histories) share an input.
//
// The hash is computed over exactly what is stored. An entry's text fields are made storable
// before they are hashed (`storableAuditEvent`): a NUL or a lone surrogate (which an agency can
// send as `"\ud800"`) becomes U+FFFD, since PostgreSQL refuses NUL and neither dialect can store
// a lone surrogate as it is (the driver would write U+FFFD, and the stored entry would no longer
// match its hash); a field longer than `MAX_AUDIT_FIELD_LENGTH` keeps an excerpt. So the canonical
// JSON of the entry read back is, character for character, the one that was hashed. Doors refuse
// such text before it reaches a use case (core/text); this is what keeps the log whole whatever
// a caller manages to send.
//
// Why a chain: every entry's hash depends on every entry before it. Changing a field, removing an
// entry or swapping two breaks the link at that point, and `verifyAuditChain` names the first
// broken link and what is wrong with it. What it does not prove: the chain is only as trustworthy
// as its last hash. Someone with write access who rewrites an entry AND recomputes every hash after
// it produces a chain that verifies, and deleting the newest entries leaves a shorter valid chain.
// Hence the head must also be kept somewhere the database's writers cannot reach: `probity verify`
// prints the number of entries and the head hash (`--json`: `audit.entries`, `audit.head`), and
// operators record that pair outside the system (a signed note, a ticket, a publication). A later
// verify must still show entry n with the recorded hash; if it does not, the tail was rewritten.
import { excerpt, isStorableText, storableText } from '../../core/text/storable-text.js';
import { sha256Hex } from '../sha256.js';
import type { AuditChainer, AuditEntry } from '../ports/audit-log-store.js';
import type { AuditEvent } from './audit-sink.js';
import { canonicalAuditSubject } from './audit-subject.js';

/** The "previous hash" of entry 1, and the head of an empty log. */
export const AUDIT_GENESIS = '0'.repeat(64);

/** Where a chain ends: the next entry gets `seq + 1` and chains from `hash`. */
export interface AuditChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const EMPTY_AUDIT_CHAIN: AuditChainHead = { seq: 0, hash: AUDIT_GENESIS };

type ChainedFields = Omit<AuditEntry, 'hash'>;

/** The longest text an audit field keeps (identifiers, codes and ids are far shorter). */
export const MAX_AUDIT_FIELD_LENGTH = 512;

function storableField(text: string): string {
  if (text.length <= MAX_AUDIT_FIELD_LENGTH && isStorableText(text)) return text;
  return excerpt(storableText(text), MAX_AUDIT_FIELD_LENGTH);
}

/** The event as it will be stored and hashed: every text field storable and bounded. */
export function storableAuditEvent(event: AuditEvent): AuditEvent {
  const fields = [event.actor, event.purpose, event.action, event.subject, event.outcome];
  if (fields.every((f) => f.length <= MAX_AUDIT_FIELD_LENGTH && isStorableText(f))) return event;
  return {
    at: event.at,
    actor: storableField(event.actor),
    purpose: storableField(event.purpose),
    action: storableField(event.action),
    subject: storableField(event.subject),
    outcome: storableField(event.outcome),
  };
}

export function auditEntryHash(previousHash: string, e: ChainedFields): string {
  const canonical = JSON.stringify([
    e.seq,
    e.at,
    e.actor,
    e.purpose,
    e.action,
    e.subject,
    e.outcome,
  ]);
  return sha256Hex(previousHash + canonical);
}

/**
 * Numbers and hashes `events` as the entries that follow `head`, in order: each filed under its
 * subject's canonical key (audit-subject.ts), its text made storable.
 */
export function chainAuditEntries(
  head: AuditChainHead,
  events: readonly AuditEvent[],
): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let { seq, hash } = head;
  for (const original of events) {
    // Filed under the subject's canonical key (audit-subject.ts), whichever door wrote it.
    const subject = canonicalAuditSubject(original.subject, original.at);
    const event = storableAuditEvent(
      subject === original.subject ? original : { ...original, subject },
    );
    seq += 1;
    const fields: ChainedFields = {
      seq,
      at: event.at,
      actor: event.actor,
      purpose: event.purpose,
      action: event.action,
      subject: event.subject,
      outcome: event.outcome,
    };
    hash = auditEntryHash(hash, fields);
    entries.push({ ...fields, hash });
  }
  return entries;
}

/** The head an append chains from: the last entry read under the audit lock, or the genesis. */
export function auditHeadOf(last: AuditEntry | undefined): AuditChainHead {
  return last === undefined ? EMPTY_AUDIT_CHAIN : { seq: last.seq, hash: last.hash };
}

/** What an append of `events` asks of the store (audit-log-store.ts): chain them after the last. */
export function chainAfterLast(events: readonly AuditEvent[]): AuditChainer {
  return (last) => chainAuditEntries(auditHeadOf(last), events);
}

/**
 * - `missing`: no entry carries this seq (an entry was removed);
 * - `reordered`: the entry with this seq's content sits at another position (two were swapped);
 * - `altered`: the entry's fields no longer match its hash, while its hash is the one the next
 *   entry chains from (a field was changed after the fact). An entry rewritten together with its
 *   own hash shows the same way on the entry after it: the chain cannot tell which side lied;
 * - `hash`: the stored hash is not the chain's (replaced, or the link cannot be explained);
 * - `segment`: an archived segment fails its own checks (missing, altered, signed by a key that is
 *   not the authority's, out of the segments' chain: audit-archive-verify.ts), `seq` its first.
 */
export type AuditChainProblem = 'altered' | 'missing' | 'reordered' | 'hash' | 'segment';

export interface AuditChainBreak {
  readonly seq: number;
  readonly problem: AuditChainProblem;
  /** `segment`: the archived segment at fault (its file name) and what is wrong with it. */
  readonly segment?: string;
  readonly message?: string;
}

export type AuditChainReport =
  | { readonly ok: true; readonly entries: number; readonly head: string }
  | {
      readonly ok: false;
      readonly entries: number;
      readonly head: string;
      readonly firstBroken: AuditChainBreak;
    };

/**
 * An entry as verify reads it: from the live log, or from an archived segment, where an entry past
 * its purpose's retention keeps only its seq, instant, purpose and hash (`expired`: its other
 * fields are empty, and its hash is taken as stored, since nothing is left to recompute it from;
 * the next entry's hash still covers it, so it cannot be replaced or dropped unnoticed).
 */
export type ChainedEntry = AuditEntry & { readonly expired?: boolean };

/** How many entries after a broken link are read ahead to tell a swap from an alteration. */
const LOOKAHEAD = 10_000;

/**
 * Walks entries in seq order from the genesis and reports the first broken link, with what is
 * wrong there. `entries` counts every entry read and `head` is the last stored hash (what the log
 * claims), also when the chain is broken.
 */
export async function verifyAuditChain(
  entries: AsyncIterable<ChainedEntry> | Iterable<ChainedEntry>,
): Promise<AuditChainReport> {
  let expected: AuditChainHead = EMPTY_AUDIT_CHAIN;
  let count = 0;
  let head = AUDIT_GENESIS;
  let broken: { at: ChainedEntry; prev: AuditChainHead; ahead: ChainedEntry[] } | undefined;
  let firstBroken: AuditChainBreak | undefined;

  for await (const entry of entries) {
    count += 1;
    head = entry.hash;
    if (firstBroken !== undefined) continue;
    if (broken !== undefined) {
      broken.ahead.push(entry);
      if (broken.ahead.length >= LOOKAHEAD)
        firstBroken = classifyBreak(broken.at, broken.prev, broken.ahead);
      continue;
    }
    if (
      entry.seq === expected.seq + 1 &&
      (entry.expired === true || auditEntryHash(expected.hash, entry) === entry.hash)
    ) {
      expected = { seq: entry.seq, hash: entry.hash };
    } else {
      broken = { at: entry, prev: expected, ahead: [] };
    }
  }
  if (broken !== undefined && firstBroken === undefined) {
    firstBroken = classifyBreak(broken.at, broken.prev, broken.ahead);
  }
  return firstBroken === undefined
    ? { ok: true, entries: count, head }
    : { ok: false, entries: count, head, firstBroken };
}

/** Says what is wrong where the link from `prev` to `entry` failed, looking at what follows. */
function classifyBreak(
  entry: ChainedEntry,
  prev: AuditChainHead,
  ahead: readonly ChainedEntry[],
): AuditChainBreak {
  const seq = prev.seq + 1;
  if (entry.seq < seq) return { seq: entry.seq, problem: 'reordered' };
  if (entry.seq > seq) {
    // A gap, unless the entry numbered `seq` turns up further on.
    return { seq, problem: ahead.some((e) => e.seq === seq) ? 'reordered' : 'missing' };
  }
  // The entry that belongs here (right seq, chaining from `prev`) sits further on: a swap.
  if (ahead.some((e) => auditEntryHash(prev.hash, { ...e, seq }) === e.hash))
    return { seq, problem: 'reordered' };
  const next = ahead[0];
  // Its stored hash still carries the chain on: the hash is the original and the fields changed.
  if (
    next === undefined ||
    (next.seq === seq + 1 && auditEntryHash(entry.hash, next) === next.hash)
  ) {
    return { seq, problem: 'altered' };
  }
  return { seq, problem: 'hash' };
}
