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
import type { DomainError } from '../core/errors/domain-error.js';
import type { Caller } from './access/caller.js';
import { AgencyTokens } from './agencies/agency-authenticate.js';
import { requireAgency } from './agencies/agency-find.js';
import { readOwnAgency, type OwnAgency } from './agencies/agency-me.js';
import {
  listAgencies,
  revokeAgencyToken,
  rotateAgencyToken,
  type AgencyListing,
  type RevokedToken,
  type RotatedToken,
} from './agencies/agency-registry.js';
import {
  registerAgency,
  type AddedAgency,
  type AgencyRegistration,
} from './agencies/agency-register.js';
import type { AppDeps } from './app-deps.js';
import { readDocumentsInForce, type DocumentsInForce } from './policy/documents-in-force-read.js';
import {
  readTransparencyReport,
  type TransparencyReport,
  type TransparencyRequest,
} from './transparency/transparency-report.js';
import { auditOperatorCommand, type OperatorCommand } from './audit/operator-command-audit.js';
import {
  readPopulation,
  type Population,
  type PopulationRequest,
} from './authority/population-read.js';
import {
  readFairness,
  type FairnessReport,
  type FairnessRequest,
} from './authority/fairness-read.js';
import {
  readAgencyObjections,
  type AgencyObjectionsReport,
  type AgencyObjectionsRequest,
} from './authority/agency-objections-read.js';
import {
  activateWorkbenchPolicy,
  type WorkbenchActivation,
} from './authority/authority-policy-activate.js';
import {
  simulateWorkbenchPolicy,
  type WorkbenchSimulation,
} from './authority/authority-policy-simulate.js';
import {
  validateDraftPolicy,
  type PolicyValidation,
} from './authority/authority-policy-validate.js';
import { readPolicyInForce, type PolicyInForce } from './authority/authority-policy-read.js';
import {
  archiveAudit,
  type AuditArchiveReport,
  type AuditArchiveRequest,
} from './audit/audit-archive.js';
import {
  readArchivedAudit,
  type ArchivedAuditRead,
  type ArchivedAuditRequest,
} from './audit/audit-archive-read.js';
import {
  readOwnPreferences,
  setOwnPreferences,
  type OwnPreferences,
  type PreferencesRequest,
} from './citizen/citizen-preferences.js';
import { citizenBySession } from './citizen/citizen-session.js';
import { signInCitizen, type SignedIn, type SignInRequest } from './citizen/citizen-sign-in.js';
import { signOutCitizen, type SignedOut, type SignOutRequest } from './citizen/citizen-sign-out.js';
import { pickDemoCitizens } from './citizen/demo-citizens.js';
import type { IssuedCode } from './citizen/one-time-code.js';
import {
  readOwnAccessLog,
  readOwnEvaluation,
  readOwnNotices,
  readOwnRecords,
  type AccessLogRequest,
  type OwnAccessLog,
  type OwnNotices,
  type OwnRecords,
} from './citizen/own-data-read.js';
import { exportOwnData, type OwnDataExport } from './citizen/own-data-export.js';
import { readOwnScoreHistory, type OwnScoreHistory } from './citizen/own-score-history.js';
import { issueSignInCode } from './citizen/sign-in-code-issue.js';
import { decideAppeal } from './due-process/appeal-decide.js';
import { fileAppeal, type AppealFiling } from './due-process/appeal-file.js';
import { decideObjection, type CaseDecision } from './due-process/objection-decide.js';
import {
  fileObjection,
  type CaseAnswer,
  type ObjectionFiling,
} from './due-process/objection-file.js';
import { ObjectionQueue } from './due-process/objection-queue.js';
import {
  listAppeals,
  listObjections,
  type QueueRequest,
} from './due-process/objection-queue-read.js';
import type { ObjectionView } from './due-process/objection-view.js';
import { requestRepair } from './due-process/repair-request.js';
import {
  checkBatch,
  checkOne,
  type BatchCheckItem,
  type CheckRequest,
} from './checks/measure-check.js';
import { setUpDemoCity, type DemoCity, type DemoCityRequest } from './ledger/demo-city-set-up.js';
import { seedLedger, type SeedRequest, type SeedSummary } from './ledger/ledger-seed.js';
import { setUpStore, type SetUpRequest, type SetUpResult } from './ledger/store-set-up.js';
import { rotateAuthorityKey, type KeyRotation } from './publications/authority-key-rotate.js';
import {
  activatePolicy,
  type ActivatedPolicy,
  type PolicyActivation,
} from './policy/policy-activate.js';
import {
  simulateDraftPolicy,
  type DraftSimulationRequest,
  type PolicySimulation,
} from './policy/policy-draft-simulate.js';
import {
  readRuleErrors,
  type RuleErrorsReport,
  type RuleErrorsRequest,
} from './policy/policy-rule-errors.js';
import {
  verifyIntegrity,
  type IntegrityReport,
  type VerifyRequest,
} from './audit/integrity-verify.js';
import { ackFeed, type FeedAckRequest } from './feeds/feed-ack.js';
import { readFeedConsumers } from './feeds/feed-consumers.js';
import { readFeed, type FeedReadRequest } from './feeds/feed-read.js';
import type { ConsumerLag, FeedAck, FeedPage } from './feeds/list-feed-read.js';
import type { DeliveryOptions, DeliveryReport } from './notices/notice-delivery.js';
import { deliverOutbox } from './notices/outbox-deliver.js';
import { publishPublicLists, type PublishRequest } from './publications/list-publish.js';
import {
  searchPublications,
  type PublicSearchAnswer,
  type PublicSearchRequest,
} from './publications/publication-search.js';
import {
  readAuthorityKey,
  readPublication,
  readPublicationFile,
  readPublicationIndex,
  type AuthorityKeyView,
  type PublicationVersionRequest,
  type PublicationVersionView,
} from './publications/publication-read.js';
import type { PublicationIndex, PublishResult } from './publications/publish-lists.js';
import { tickTime, type TickRequest } from './standing/time-tick.js';
import type { TimeAdvance } from './standing/time-advance.js';
import { addRecordEvent, type RecordEventRequest } from './records/record-event-add.js';
import {
  importRecordFile,
  type ImportSummary,
  type RecordFileImport,
} from './records/record-file-import.js';
import { submitRecords, type SubmittedRecord } from './records/record-submit.js';
import {
  listOwnRecords,
  type AgencyRecordsPage,
  type AgencyRecordsRequest,
} from './records/agency-records-read.js';
import {
  rebuildStanding,
  type RebuildReport,
  type RebuildRequest,
} from './standing/standing-rebuild.js';
import { closeSubject, type SubjectClosure } from './subjects/subject-close.js';
import type { SubjectView } from './subjects/need-to-know.js';
import { readSubject, type SubjectReadRequest } from './subjects/subject-read.js';

export class ProbityApp {
  private readonly tokens: AgencyTokens;
  /** Which records ever had an objection, following the ledger (read once per application). */
  private readonly objectionQueue: ObjectionQueue;

  constructor(private readonly deps: AppDeps) {
    this.tokens = new AgencyTokens(deps.store, () => deps.clock());
    this.objectionQueue = new ObjectionQueue(deps.store);
  }

  /** The instant the application takes as now (fixed by `--now` in tests and replays). */
  now(): Instant {
    return this.deps.clock();
  }

  /** The ledger sequence folded and the subjects known, once the standing is loaded (servers). */
  readiness(): { lastSeq: number; subjects: number } | undefined {
    return this.deps.readiness?.();
  }

  /** Why this server refuses every request needing its store, for good, if it does (/readyz). */
  refusal(): DomainError | undefined {
    return this.deps.store.refusal();
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

  /** The citizen caller a live session token stands for, if any. */
  citizenBySession(token: string): Promise<Caller | undefined> {
    return citizenBySession(this.deps, token);
  }

  /** The signed-in agency: who it is, the categories it may submit and the measures it checks. */
  ownAgency(caller: Caller): Promise<OwnAgency> {
    return readOwnAgency(this.deps, caller);
  }

  // ---- Records ----------------------------------------------------------------------------------

  submitRecords(caller: Caller, records: readonly unknown[]): Promise<SubmittedRecord[]> {
    return submitRecords(this.deps, caller, records);
  }

  addRecordEvent(caller: Caller, request: RecordEventRequest): Promise<LedgerRecordEvent> {
    return addRecordEvent(this.deps, caller, request);
  }

  /** The agency's own records, newest first, a page at a time (audited per subject shown). */
  listOwnRecords(caller: Caller, request: AgencyRecordsRequest): Promise<AgencyRecordsPage> {
    return listOwnRecords(this.deps, caller, request);
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

  /** The explanation, or for `enforcement`/`eligibility` the need-to-know view (C11). */
  readSubject(caller: Caller, request: SubjectReadRequest): Promise<SubjectView> {
    return readSubject(this.deps, caller, request);
  }

  // ---- Citizens: sign-in and their own data ------------------------------------------------------
  // (citizen use cases go here)

  /** My preferences: the language my notices are written in (default zh-CN). */
  readOwnPreferences(caller: Caller): Promise<OwnPreferences> {
    return readOwnPreferences(this.deps, caller);
  }

  /** Sets the language of the notices composed for me from now on. */
  setOwnPreferences(caller: Caller, request: PreferencesRequest): Promise<OwnPreferences> {
    return setOwnPreferences(this.deps, caller, request);
  }

  /** Opens a session with a one-time code (every attempt audited under the identifier named). */
  signInCitizen(caller: Caller, request: SignInRequest): Promise<SignedIn> {
    return signInCitizen(this.deps, caller, request);
  }

  /** Ends the caller's own session (sign-out), audited; idempotent for a token already ended. */
  signOutCitizen(caller: Caller, request: SignOutRequest): Promise<SignedOut> {
    return signOutCitizen(this.deps, caller, request);
  }

  /** The operator issues a one-time sign-in code for a subject. */
  issueSignInCode(caller: Caller, request: { readonly identifier: string }): Promise<IssuedCode> {
    return issueSignInCode(this.deps, caller, request);
  }

  /** The operator picks a few listed subjects for the demo to sign in as. */
  pickDemoCitizens(caller: Caller, request: { readonly count?: number } = {}): Promise<string[]> {
    return pickDemoCitizens(this.deps, caller, request);
  }

  readOwnEvaluation(caller: Caller): Promise<SubjectEvaluation> {
    return readOwnEvaluation(this.deps, caller);
  }

  readOwnRecords(caller: Caller): Promise<OwnRecords> {
    return readOwnRecords(this.deps, caller);
  }

  readOwnNotices(caller: Caller): Promise<OwnNotices> {
    return readOwnNotices(this.deps, caller);
  }

  readOwnAccessLog(caller: Caller, request: AccessLogRequest = {}): Promise<OwnAccessLog> {
    return readOwnAccessLog(this.deps, caller, request);
  }

  /** Everything held about me in one document ("download all my data"), audited as one read. */
  exportOwnData(caller: Caller): Promise<OwnDataExport> {
    return exportOwnData(this.deps, caller);
  }

  /** My score and grade over the last days (the portal's chart), audited as one read. */
  readOwnScoreHistory(
    caller: Caller,
    request: { readonly days?: number | undefined } = {},
  ): Promise<OwnScoreHistory> {
    return readOwnScoreHistory(this.deps, caller, request);
  }

  // ---- Due process: objections, decisions, appeals, repairs ---------------------------------------
  // (due-process use cases go here)

  fileObjection(caller: Caller, request: ObjectionFiling): Promise<CaseAnswer> {
    return fileObjection(this.deps, caller, request);
  }

  fileAppeal(caller: Caller, request: AppealFiling): Promise<CaseAnswer> {
    return fileAppeal(this.deps, caller, request);
  }

  requestRepair(
    caller: Caller,
    request: { readonly recordId: number },
  ): Promise<LedgerRecordEvent> {
    return requestRepair(this.deps, caller, request);
  }

  listObjections(caller: Caller, request: QueueRequest): Promise<ObjectionView[]> {
    return listObjections({ ...this.deps, objectionQueue: this.objectionQueue }, caller, request);
  }

  decideObjection(caller: Caller, request: CaseDecision): Promise<CaseAnswer> {
    return decideObjection(this.deps, caller, request);
  }

  listAppeals(caller: Caller, request: QueueRequest): Promise<ObjectionView[]> {
    return listAppeals({ ...this.deps, objectionQueue: this.objectionQueue }, caller, request);
  }

  decideAppeal(caller: Caller, request: CaseDecision): Promise<CaseAnswer> {
    return decideAppeal(this.deps, caller, request);
  }

  // ---- List feeds, notices and publications -------------------------------------------------------
  // (feed, notice and publication use cases go here)

  /** An agency following a list reads its deltas after a cursor (audited, refused or not). */
  readListFeed(caller: Caller, request: FeedReadRequest): Promise<FeedPage> {
    return readFeed(this.deps, caller, request);
  }

  /** An agency acknowledges a list's deltas up to a seq. */
  ackListFeed(caller: Caller, request: FeedAckRequest): Promise<FeedAck> {
    return ackFeed(this.deps, caller, request);
  }

  /** The authority sees every feed consumer's position and lag. */
  listFeedConsumers(caller: Caller): Promise<{ readonly consumers: ConsumerLag[] }> {
    return readFeedConsumers(this.deps, caller);
  }

  // ---- The authority's dashboard: aggregates only (app/authority/) ------------------------------

  /** The authority: subjects by kind, grades, list sizes now and over time, publications. */
  authorityPopulation(caller: Caller, request: PopulationRequest = {}): Promise<Population> {
    return readPopulation(this.deps, caller, request);
  }

  /** The authority: membership and denial rates by district, age band and sex, flagged. */
  authorityFairness(caller: Caller, request: FairnessRequest = {}): Promise<FairnessReport> {
    return readFairness(this.deps, caller, request);
  }

  /** The authority: objections and their outcomes per submitting agency. */
  authorityObjections(
    caller: Caller,
    request: AgencyObjectionsRequest = {},
  ): Promise<AgencyObjectionsReport> {
    return readAgencyObjections(
      { ...this.deps, objectionQueue: this.objectionQueue },
      caller,
      request,
    );
  }

  /** The authority's workbench: the text of the policy in force, the starting draft. */
  authorityPolicyInForce(caller: Caller): Promise<PolicyInForce> {
    return readPolicyInForce(this.deps, caller);
  }

  /** The authority's workbench: every problem of a draft policy, nothing written. */
  authorityValidatePolicy(
    caller: Caller,
    request: { readonly text: string },
  ): Promise<PolicyValidation> {
    return validateDraftPolicy(this.deps, caller, request);
  }

  /** The authority's workbench: what a draft would change, overall and by group. */
  authoritySimulatePolicy(
    caller: Caller,
    request: DraftSimulationRequest,
  ): Promise<WorkbenchSimulation> {
    return simulateWorkbenchPolicy(this.deps, caller, request);
  }

  /** The authority's workbench: a new policy version, in force from now or later. */
  authorityActivatePolicy(caller: Caller, request: WorkbenchActivation): Promise<ActivatedPolicy> {
    return activateWorkbenchPolicy(this.deps, caller, request);
  }
  // ---- end of the authority's dashboard

  /** The operator (the server's delivery loop) sends the notices due through the channel. */
  deliverNotices(caller: Caller, options: DeliveryOptions = {}): Promise<DeliveryReport> {
    return deliverOutbox(this.deps, caller, options);
  }

  /**
   * The operator archives closed months of the audit log as signed, chained segments and expires
   * archived entries past their purpose's retention (docs/audit.md).
   */
  archiveAudit(caller: Caller, request: AuditArchiveRequest): Promise<AuditArchiveReport> {
    return archiveAudit(this.deps, caller, request);
  }

  /** The operator reads a subject's entries in the archived months (a subject access request). */
  readArchivedAudit(caller: Caller, request: ArchivedAuditRequest): Promise<ArchivedAuditRead> {
    return readArchivedAudit(this.deps, caller, request);
  }

  /** The operator (or the daily schedule) publishes the next signed version of the public lists. */
  publish(caller: Caller, request: PublishRequest): Promise<PublishResult> {
    return publishPublicLists(this.deps, caller, request);
  }

  /** The operator verifies the audit log's chain and the publications directory. */
  verify(caller: Caller, request: VerifyRequest): Promise<IntegrityReport> {
    return verifyIntegrity(this.deps, caller, request);
  }

  /** Anyone: every published version of every public list. */
  publicationIndex(caller: Caller): Promise<PublicationIndex> {
    return readPublicationIndex(this.deps, caller);
  }

  /** Anyone: one published version, its signed manifest and its masked entries. */
  publication(caller: Caller, request: PublicationVersionRequest): Promise<PublicationVersionView> {
    return readPublication(this.deps, caller, request);
  }

  /** Anyone: a file of a published version, byte for byte. */
  publicationFile(
    caller: Caller,
    request: PublicationVersionRequest & { readonly name: string },
  ): Promise<string> {
    return readPublicationFile(this.deps, caller, request);
  }

  /** Anyone: the latest published version of the public lists, searched by identifier or name. */
  searchPublications(caller: Caller, request: PublicSearchRequest): Promise<PublicSearchAnswer> {
    return searchPublications(this.deps, caller, request);
  }

  /** Anyone: the authority's public key that signs every manifest. */
  authorityKey(caller: Caller): Promise<AuthorityKeyView> {
    return readAuthorityKey(this.deps, caller);
  }

  /** Anyone: the transparency report of a month (counts only). */
  transparencyReport(
    caller: Caller,
    request: TransparencyRequest = {},
  ): Promise<TransparencyReport> {
    return readTransparencyReport(
      { ...this.deps, objectionQueue: this.objectionQueue },
      caller,
      request,
    );
  }

  /** Anyone: the catalogue and the policy in force (the public site's "how Probity works"). */
  documentsInForce(caller: Caller): Promise<DocumentsInForce> {
    return readDocumentsInForce(this.deps, caller);
  }

  /** The operator: the time-based transitions (and list joins and leaves) up to an instant. */
  tick(caller: Caller, request: TickRequest): Promise<TimeAdvance> {
    return tickTime(this.deps, caller, request);
  }

  // ---- Setting up and running the ledger: init, agencies, import, policy, seed, tick, rebuild -----
  // (operations use cases go here)

  /** The operator's command, once run: one audit entry (app/audit/operator-command-audit.ts). */
  auditOperatorCommand(caller: Caller, command: OperatorCommand): Promise<void> {
    return auditOperatorCommand(this.deps, caller, command);
  }

  /** The operator sets a store up with a catalogue and a policy (idempotent). */
  setUpStore(caller: Caller, request: SetUpRequest): Promise<SetUpResult> {
    return setUpStore(this.deps, caller, request);
  }

  /** The operator replaces the authority's signing key; the old public keys stay recorded. */
  rotateAuthorityKey(caller: Caller): Promise<KeyRotation> {
    return rotateAuthorityKey(this.deps, caller);
  }

  /** The operator registers an agency; its token is in the answer, and only there. */
  registerAgency(caller: Caller, registration: AgencyRegistration): Promise<AddedAgency> {
    return registerAgency(this.deps, caller, registration);
  }

  /** The operator lists the agencies and the state of their tokens (never a token). */
  listAgencies(caller: Caller): Promise<AgencyListing[]> {
    return listAgencies(this.deps, caller);
  }

  /** The operator gives an agency a new token (in the answer, and only there); the old one stops. */
  async rotateAgencyToken(caller: Caller, id: string, expires?: string): Promise<RotatedToken> {
    const rotated = await rotateAgencyToken(this.deps, caller, id, expires);
    this.tokens.forget();
    return rotated;
  }

  /** The operator revokes an agency's token: no token of it works any more. */
  async revokeAgencyToken(caller: Caller, id: string): Promise<RevokedToken> {
    const revoked = await revokeAgencyToken(this.deps, caller, id);
    this.tokens.forget();
    return revoked;
  }

  /** The operator stores a new policy version, in force from an instant. */
  activatePolicy(caller: Caller, activation: PolicyActivation): Promise<ActivatedPolicy> {
    return activatePolicy(this.deps, caller, activation);
  }

  /** The operator sees what a draft policy would change, nothing written. */
  simulatePolicy(caller: Caller, request: DraftSimulationRequest): Promise<PolicySimulation> {
    return simulateDraftPolicy(this.deps, caller, request);
  }

  /** The operator counts the rule errors under the policy in force, per rule. */
  ruleErrors(caller: Caller, request: RuleErrorsRequest): Promise<RuleErrorsReport> {
    return readRuleErrors(this.deps, caller, request);
  }

  /** An agency's bulk file of records: valid rows written, rejected rows reported. */
  importRecordFile(caller: Caller, request: RecordFileImport): Promise<ImportSummary> {
    return importRecordFile(this.deps, caller, request);
  }

  /** The operator adds a synthetic city (a fresh store is set up first). */
  seedLedger(caller: Caller, request: SeedRequest): Promise<SeedSummary> {
    return seedLedger(this.deps, caller, request);
  }

  /** The operator sets the demo city up: store, city when empty, demo enforcing agencies. */
  setUpDemoCity(caller: Caller, request: DemoCityRequest): Promise<DemoCity> {
    return setUpDemoCity(this.deps, caller, request);
  }

  /** The operator derives everything again from the ledger, and may verify it subject by subject. */
  rebuild(caller: Caller, request: RebuildRequest): Promise<RebuildReport> {
    return rebuildStanding(this.deps, caller, request);
  }

  /** An agency records a death or a dissolution: the subject is closed for good. */
  closeSubject(caller: Caller, closure: SubjectClosure): Promise<{ seq: number }> {
    return closeSubject(this.deps, caller, closure);
  }
}

export type {
  BatchCheckItem,
  Caller,
  CheckRequest,
  Purpose,
  RecordEventRequest,
  SubjectReadRequest,
};

// Values the doors need to parse and describe their input: vocabularies, the demo's published
// tokens, and the pure checks of a catalogue or policy file (no store is opened for those).
export { demoToken } from './agencies/demo-enforcers.js';
export { QUEUE_FILTERS } from './due-process/objection-queue.js';
export {
  catalogToValidateAgainst,
  validateCatalog,
  validatePolicy,
} from './policy/document-validate.js';
export { AGENCY_RECORD_EVENTS } from './records/record-event-add.js';
export {
  DEFAULT_AGENCY_RECORDS_PAGE,
  MAX_AGENCY_RECORDS_PAGE,
} from './records/agency-records-read.js';
