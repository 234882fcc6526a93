// The notices an append gives rise to, written in the very transaction that appends it (charter
// C6: a record's notice is issued when the record is accepted, and its notice period counts from
// then). `appendToLedger` hands the work a writer that sees every record and record event on its
// way to the store (after the recording clock has dated it), and before the transaction commits
// composes their notices: an adverse record accepted, a decision on a record (notice-compose.ts),
// each dated with the recording time of its event, whichever door appended it (the API, a file
// imported at the command line, a due-process step). The record and its notice are committed
// together or not at all.
//
// The sync (notice-sync.ts) derives notices from the ledger too, for what was appended without
// notices (a synthetic history, a store written before this); it keeps working "once per source
// event": a notice's source is unique, so the sync finds those written here already, and the
// append moves the sync's ledger cursor past itself when everything before it was derived (the
// cursor stood right before it, or only events that give rise to no notice lie between).
// List joined and left notices keep coming from the list feeds, which depend on the engine.
//
// A standing that does not know the ledger's latest catalogue or policy version yet (another
// process activated one a moment ago) would word a notice by an older policy: then nothing is
// written here, and the sync, which reloads the documents first, derives those notices.
import type { LedgerRecord, LedgerRecordEvent } from '../../core/ledger/ledger-types.js';
import type { LedgerTransactionWriter, LedgerWriter } from '../ports/ledger-store.js';
import type { NewNotice } from '../ports/notice-store.js';
import type { ScoringContext } from '../standing/scoring-context.js';
import {
  decisionNotice,
  isDecisionEvent,
  recordAcceptedNotice,
  type ComposeContext,
} from './notice-compose.js';
import { overrideWriter } from '../ledger/writer-override.js';

/**
 * What notices are worded by: the catalogue and policy versions a standing answers with, and the
 * citizen portal's address they name (default: notice-language.ts).
 */
export type NoticeScoring = Pick<ScoringContext, 'categoryOf' | 'policyAt' | 'documentSeqs'> & {
  readonly portalUrl?: string | undefined;
};

export class AppendedNotices {
  readonly #scoring: NoticeScoring;
  readonly #records: LedgerRecord[] = [];
  readonly #decisions: LedgerRecordEvent[] = [];

  constructor(scoring: NoticeScoring) {
    this.#scoring = scoring;
  }

  /** The writer the work gets: every record and record event passes by on its way to `tx`. */
  watch(tx: LedgerWriter): LedgerWriter {
    const overrides: Partial<LedgerWriter> = {
      insertRecords: (rows, ...rest) => {
        for (const row of rows) this.#records.push(row);
        return tx.insertRecords(rows, ...rest);
      },
      insertRecordEvents: (rows, ...rest) => {
        for (const row of rows) if (isDecisionEvent(row.type)) this.#decisions.push(row);
        return tx.insertRecordEvents(rows, ...rest);
      },
    };
    return overrideWriter(tx, overrides);
  }

  /**
   * Writes the notices of what was appended (sequence numbers `from` + 1 to `to`) in `tx`, and
   * moves the sync's cursor past them; returns how many were created.
   */
  async write(
    tx: LedgerTransactionWriter,
    appended: { readonly from: number; readonly to: number },
  ): Promise<number> {
    if (appended.to <= appended.from) return 0;
    let notices: NewNotice[] = [];
    if (this.#records.length > 0 || this.#decisions.length > 0) {
      const known = Math.max(0, ...this.#scoring.documentSeqs);
      if ((await tx.latestDocumentSeq()) > known) return 0;
      notices = await this.#compose(tx);
    }
    return tx.addAppendedNotices(notices, appended);
  }

  /** The notices of the records and decisions seen, in ledger order. */
  async #compose(tx: LedgerTransactionWriter): Promise<NewNotice[]> {
    const agencyIds = new Set<string>();
    for (const r of this.#records) agencyIds.add(r.agencyId);
    for (const d of this.#decisions) agencyIds.add(d.actor);
    const agencies = await tx.agencyNames([...agencyIds]);
    // Each subject's language as it stands in this transaction: the notice keeps these words.
    const subjects = new Set<string>();
    for (const r of this.#records) subjects.add(r.subject);
    for (const d of this.#decisions) subjects.add(d.subject);
    const languages = await tx.citizenLanguages([...subjects]);
    const context = (issuedAt: LedgerRecord['recordedAt']): ComposeContext => ({
      scoring: this.#scoring,
      agencies,
      issuedAt,
      portalUrl: this.#scoring.portalUrl,
      languages,
    });

    const notices: { seq: number; notice: NewNotice }[] = [];
    for (const record of this.#records) {
      const notice = recordAcceptedNotice(record, context(record.recordedAt));
      if (notice) notices.push({ seq: record.id, notice });
    }
    if (this.#decisions.length > 0) {
      const records = new Map(this.#records.map((r) => [r.id, r]));
      const missing = [...new Set(this.#decisions.map((d) => d.recordId))].filter(
        (id) => !records.has(id),
      );
      for (const r of await tx.recordsById(missing)) records.set(r.id, r);
      const histories = new Map<number, LedgerRecordEvent[]>();
      for (const decision of this.#decisions) {
        const record = records.get(decision.recordId);
        if (!record) continue;
        let history = histories.get(record.id);
        if (history === undefined) {
          history = await tx.recordEventsOf(record.id);
          histories.set(record.id, history);
        }
        const prior = history.filter((e) => e.seq < decision.seq);
        const notice = decisionNotice(decision, record, prior, context(decision.recordedAt));
        if (notice) notices.push({ seq: decision.seq, notice });
      }
    }
    notices.sort((a, b) => a.seq - b.seq);
    return notices.map((n) => n.notice);
  }
}
