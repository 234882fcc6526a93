// The application's one entrance: every action a door (HTTP route, CLI command, later the web
// application) may take, each a method that calls one use-case module with the caller. Each use
// case runs the same pipeline whichever door called it:
//
//   caller + purpose ─► authorise ─► decide (core) ─► append (one transaction)
//                                                      └─► standing, feeds, notices follow ─► audit
//
// so the same action gives the same answer and the same audit entry from either door. Doors only
// parse their input, call one method, and format the answer; they never see a store or the engine.
import type { Purpose } from '../core/access/purposes.js';
import type { LedgerRecordEvent } from '../core/ledger/ledger-types.js';
import type { CheckResult, SubjectEvaluation } from '../core/scoring/index.js';
import type { Instant } from '../core/time/instant.js';
import type { Caller } from './access/caller.js';
import { AgencyTokens } from './agencies/agency-authenticate.js';
import { requireAgency } from './agencies/agency-find.js';
import type { AppDeps } from './app-deps.js';
import {
  checkBatch,
  checkOne,
  type BatchCheckItem,
  type CheckRequest,
} from './checks/measure-check.js';
import { addRecordEvent, type RecordEventRequest } from './records/record-event-add.js';
import { submitRecords, type SubmittedRecord } from './records/record-submit.js';
import { readSubject, type SubjectReadRequest } from './subjects/subject-read.js';

export class ProbityApp {
  private readonly tokens: AgencyTokens;

  constructor(private readonly deps: AppDeps) {
    this.tokens = new AgencyTokens(deps.store);
  }

  /** The instant the application takes as now (fixed by `--now` in tests and replays). */
  now(): Instant {
    return this.deps.clock();
  }

  /** The ledger sequence folded and the subjects known, once the standing is loaded (servers). */
  readiness(): { lastSeq: number; subjects: number } | undefined {
    return this.deps.readiness?.();
  }

  // ---- Callers ----------------------------------------------------------------------------------

  /** The agency caller a bearer token stands for, if any. */
  async agencyByToken(token: string): Promise<Caller | undefined> {
    const agency = await this.tokens.agencyOf(token);
    return agency && { kind: 'agency', agency };
  }

  /** The agency an operator acts for at the command line (`--agency <id>`); 404 AgencyNotFound. */
  async agencyById(id: string): Promise<Caller> {
    return { kind: 'agency', agency: await requireAgency(this.deps.store, id) };
  }

  // ---- Records ----------------------------------------------------------------------------------

  submitRecords(caller: Caller, records: readonly unknown[]): Promise<SubmittedRecord[]> {
    return submitRecords(this.deps, caller, records);
  }

  addRecordEvent(caller: Caller, request: RecordEventRequest): Promise<LedgerRecordEvent> {
    return addRecordEvent(this.deps, caller, request);
  }

  // ---- Checks and subject reads -----------------------------------------------------------------

  check(
    caller: Caller,
    request: CheckRequest & { readonly subject: string },
  ): Promise<CheckResult & { readonly checkId: string }> {
    return checkOne(this.deps, caller, request);
  }

  checkBatch(
    caller: Caller,
    request: CheckRequest & { readonly subjects: readonly string[] },
  ): Promise<{ readonly checkId: string; readonly results: BatchCheckItem[] }> {
    return checkBatch(this.deps, caller, request);
  }

  readSubject(caller: Caller, request: SubjectReadRequest): Promise<SubjectEvaluation> {
    return readSubject(this.deps, caller, request);
  }

  // ---- Citizens: sign-in and their own data ------------------------------------------------------
  // (citizen use cases go here)

  // ---- Due process: objections, decisions, appeals, repairs ---------------------------------------
  // (due-process use cases go here)

  // ---- List feeds, notices and publications -------------------------------------------------------
  // (feed, notice and publication use cases go here)

  // ---- Setting up and running the ledger: init, agencies, import, policy, seed, tick, rebuild -----
  // (operations use cases go here)
}

export type {
  BatchCheckItem,
  Caller,
  CheckRequest,
  Purpose,
  RecordEventRequest,
  SubjectReadRequest,
};
