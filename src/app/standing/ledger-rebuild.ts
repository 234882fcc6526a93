// `rebuild`: derives all state again from the ledger alone (the ledger is the truth) and
// summarises it. `--verify` then recomputes every subject a second, independent way: the subject's
// history is regrouped straight from the ledger events and run through the reference evaluator
// (the semantics of policy.md written plainly), and each score, grade and list membership must
// equal the engine's. A mismatch names the subject and both answers.
import type { Engine, ScoreTable } from '../../engine/index.js';
import { checkIdentifier } from '../../core/identifiers/index.js';
import type { LedgerRecordEvent } from '../../core/ledger/ledger-types.js';
import {
  evaluateSubject,
  type RecordHistory,
  type SubjectHistory,
} from '../../core/scoring/index.js';
import { formatInstant, type Instant } from '../../core/time/instant.js';
import type { EngineSnapshotFile } from '../ports/engine-snapshot-file.js';
import type { LedgerChainReader, LedgerReader } from '../ports/ledger-store.js';
import { startFromSnapshot } from './engine-snapshots.js';
import type { ScoringContext } from './scoring-context.js';
import { catchUp, LEDGER_PAGE, loadEngine } from './engine-load.js';

export interface RebuildSummary {
  readonly at: string;
  readonly policy: string;
  readonly lastSeq: number;
  readonly events: number;
  readonly subjects: number;
  readonly records: number;
  readonly scorable: number;
  readonly grades: Record<string, number>;
  readonly lists: Record<string, number>;
  readonly nextTransition: string | null;
}

export interface VerifyReport {
  readonly subjectsCompared: number;
  readonly mismatches: number;
  readonly examples: readonly { subject: string; engine: string; reference: string }[];
  /** The engine started from the snapshot against the cold one (absent: no snapshot file). */
  readonly snapshot?: SnapshotVerify | undefined;
}

/** `rebuild --verify` on the engine snapshot: refused (why), or compared subject by subject. */
export type SnapshotVerify =
  | { readonly path: string; readonly used: false; readonly reason: string }
  | {
      readonly path: string;
      readonly used: true;
      /** The sequence the snapshot covers (the tail after it was folded). */
      readonly seq: number;
      readonly subjectsCompared: number;
      readonly mismatches: number;
      readonly examples: readonly { subject: string; snapshot: string; cold: string }[];
    };

export function summarise(
  engine: Engine,
  table: ScoreTable,
  lastSeq: number,
  events: number,
): RebuildSummary {
  const policy = table.policy;
  const grades: Record<string, number> = Object.fromEntries(policy.grades.map((g) => [g.grade, 0]));
  const lists: Record<string, number> = Object.fromEntries(policy.lists.map((l) => [l.id, 0]));
  let scorable = 0;
  for (let s = 0; s < table.subjects; s++) {
    const grade = policy.grades[table.grades[s] ?? 255];
    if (grade) {
      scorable += 1;
      grades[grade.grade] = (grades[grade.grade] ?? 0) + 1;
    }
    const bits = table.lists[s] ?? 0;
    if (bits === 0) continue;
    for (const list of policy.lists)
      if (bits & (1 << list.ordinal)) lists[list.id] = (lists[list.id] ?? 0) + 1;
  }
  const next = engine.nextTransition(table.at);
  return {
    at: formatInstant(table.at),
    policy: `${policy.id}@${policy.version}`,
    lastSeq,
    events,
    subjects: table.subjects,
    records: engine.stats().records,
    scorable,
    grades,
    lists,
    nextTransition: next === undefined ? null : formatInstant(next),
  };
}

export async function rebuild(store: LedgerReader, context: ScoringContext, at: Instant) {
  const { engine, lastSeq, events } = await loadEngine(store, context);
  const table = engine.scoreAll(at);
  return { engine, table, summary: summarise(engine, table, lastSeq, events) };
}

/** Every subject's history up to `throughSeq`, regrouped from the ledger events without the engine. */
async function historiesFromLedger(
  store: LedgerReader,
  throughSeq: number,
  now: Instant,
): Promise<Map<string, SubjectHistory>> {
  const records = new Map<string, RecordHistory[]>();
  const byId = new Map<number, { record: RecordHistory['record']; events: LedgerRecordEvent[] }>();
  const closures = new Map<string, { at: Instant; recordedAt: Instant }>();
  for await (const page of store.eventPages(0, LEDGER_PAGE)) {
    for (const e of page) {
      // What was written after the engine's fold is not compared.
      if (e.seq > throughSeq) break;
      if (e.kind === 'record') {
        const entry = { record: e.record, events: [] as LedgerRecordEvent[] };
        byId.set(e.record.id, entry);
        const list = records.get(e.record.subject);
        if (list) list.push(entry);
        else records.set(e.record.subject, [entry]);
      } else if (e.kind === 'record-event') {
        byId.get(e.event.recordId)?.events.push(e.event);
      } else if (!closures.has(e.event.subject)) {
        closures.set(e.event.subject, { at: e.event.at, recordedAt: e.event.recordedAt });
        if (!records.has(e.event.subject)) records.set(e.event.subject, []);
      }
    }
  }
  const histories = new Map<string, SubjectHistory>();
  for (const [key, list] of records) {
    const id = checkIdentifier(key, now);
    if (!id.valid) continue;
    histories.set(key, {
      key,
      kind: id.kind,
      birthDate: id.scheme === 'cn-ric' ? id.birthDate : undefined,
      closure: closures.get(key),
      records: list,
    });
  }
  return histories;
}

/** A subject's score, grade and lists in a score table, as text. */
function standingText(table: ScoreTable, s: number | undefined): string {
  if (s === undefined) return 'absent';
  const policy = table.policy;
  const score = table.scores[s] ?? Number.NaN;
  const grade = policy.grades[table.grades[s] ?? 255]?.grade ?? '-';
  const bits = table.lists[s] ?? 0;
  const lists = policy.lists
    .filter((l) => bits & (1 << l.ordinal))
    .map((l) => l.id)
    .join(',');
  return `${Number.isNaN(score) ? '-' : score} ${grade} [${lists}]`;
}

/**
 * Starts an engine from the snapshot (when it may be trusted), folds the ledger after it up to the
 * cold engine's sequence, and compares every subject's score, grade and lists with the cold one.
 */
export async function verifySnapshot(
  store: LedgerReader & LedgerChainReader,
  file: EngineSnapshotFile,
  context: ScoringContext,
  cold: Engine,
  table: ScoreTable,
): Promise<SnapshotVerify | undefined> {
  let reason: string | undefined;
  const start = await startFromSnapshot(store, file, context, (event) => {
    if (event.kind === 'refused') reason = event.reason;
  });
  if (start === undefined) {
    return reason === undefined ? undefined : { path: file.path, used: false, reason };
  }
  const through = cold.stats().lastSeq;
  if (start.seq < through) {
    await catchUp(store, start.engine, start.seq, { pageSize: LEDGER_PAGE, staged: false });
  }
  start.engine.setPolicies(context.policies);
  const warm = start.engine.scoreAll(table.at);
  let mismatches = 0;
  const examples: { subject: string; snapshot: string; cold: string }[] = [];
  const keys = new Set<string>();
  for (let s = 0; s < table.subjects; s++) keys.add(cold.keyOf(s));
  for (let s = 0; s < warm.subjects; s++) keys.add(start.engine.keyOf(s));
  for (const key of keys) {
    const coldText = standingText(table, cold.ordinalOf(key));
    const warmText = standingText(warm, start.engine.ordinalOf(key));
    if (coldText !== warmText) {
      mismatches += 1;
      if (examples.length < 10) examples.push({ subject: key, snapshot: warmText, cold: coldText });
    }
  }
  return {
    path: file.path,
    used: true,
    seq: start.seq,
    subjectsCompared: keys.size,
    mismatches,
    examples,
  };
}

export async function verifyRebuild(
  store: LedgerReader,
  context: ScoringContext,
  engine: Engine,
  table: ScoreTable,
  now: Instant,
  onProgress?: (done: number, total: number) => void,
): Promise<VerifyReport> {
  // The same ledger as the engine's: up to the last event it folded.
  const histories = await historiesFromLedger(store, engine.stats().lastSeq, now);
  const policy = table.policy;
  let compared = 0;
  let mismatches = 0;
  const examples: { subject: string; engine: string; reference: string }[] = [];
  for (const [key, history] of histories) {
    const s = engine.ordinalOf(key);
    const reference = evaluateSubject(history, policy, (r) => context.categoryOf(r), table.at);
    const refLists = reference.lists.map((l) => l.list).join(',');
    const refText = `${reference.score ?? '-'} ${reference.grade ?? '-'} [${refLists}]`;
    const engineText = standingText(table, s);
    compared += 1;
    if (engineText !== refText) {
      mismatches += 1;
      if (examples.length < 10)
        examples.push({ subject: key, engine: engineText, reference: refText });
    }
    if (compared % 10_000 === 0) onProgress?.(compared, histories.size);
  }
  onProgress?.(compared, histories.size);
  return { subjectsCompared: compared, mismatches, examples };
}
