// Every code a DomainError can carry: the stable strings scripts, tests and clients rely on (a
// public contract: never rename one). `src/http/error-mapper.ts` and `src/cli/exit-codes.ts` each
// map every code of this list, and the compiler refuses a code that one of them does not know. A
// new code is added here first, in the group it belongs to, then to both tables.
//
// Only the code of an error is in this list. The codes of its `details` (Problem.code) are a
// vocabulary of their own: see domain-error.ts.
export const DOMAIN_ERROR_CODES = [
  // The request or command line itself is malformed: unparsable body, wrong flag, bad option,
  // text that cannot be stored (a NUL, a lone surrogate: core/text/storable-text.ts).
  'InvalidRequest',
  // A public search query too short, too long or of characters no identifier holds.
  'SearchQueryInvalid',
  'InvalidText',
  'MalformedJson',
  'MalformedCsv',
  'UsageError',
  'InvalidNow',
  'ConfigInvalid',
  'InvalidSchedule',
  'SeedInvalidOption',
  'SimulationBucketWidth',

  // No credentials, or ones that are not (or no longer) valid.
  'Unauthenticated',
  'InvalidToken',
  'CitizenCodeInvalid',

  // Known caller, not allowed: the agency's kind, the purpose, the door (agency, citizen, authority).
  'SubmitterNotAllowed',
  'NotAnEnforcer',
  'PurposeNotPermitted',
  'NotSubmittingAgency',
  'AuthorityOnly',
  'AgencyOnly',
  'CitizenOnly',
  'FeedNotPermitted',

  // No such thing: a route, record, case, measure, list, agency, publication, key or file.
  'NotFound',
  'RecordNotFound',
  'ObjectionNotFound',
  'AppealNotFound',
  'UnknownMeasure',
  'UnknownList',
  'AgencyNotFound',
  'PublicationNotFound',
  'AuthorityKeyMissing',
  'ImportFileNotFound',
  'FileNotReadable',

  // Conflicts with the current state: done already, still open, final, closed, or written first
  // by someone else.
  'AgencyExists',
  'AlreadyFulfilled',
  'AlreadySuspended',
  'NotSuspended',
  'RecordClosed',
  'RecordExpired',
  'AlreadyRepaired',
  'ObjectionOpen',
  'ObjectionDecided',
  'AppealOpen',
  'AppealDecided',
  'DecisionFinal',
  'NothingToAppeal',
  'SubjectClosed',
  'PolicyVersionExists',
  'AckBeyondFeed',
  'AckBackwards',
  'FeedConflict',
  'PublicationConflict',
  'PublicationBeforePrevious',
  'ListNotPublic',
  'LedgerConflict',
  'AuditConflict',
  'SimulationVersionsMismatch',
  'SimulationPolicyNotInForce',
  'SimulationDraftNotInForce',
  // The clock (docs/ledger.md, "The recording clock"): a write on a live store dated by a fixed
  // clock (--now, PROBITY_NOW) or a synthetic history; an append dated before what the ledger
  // recorded last. The signer's key not being one the ledger records.
  'ClockFixedOnLiveStore',
  'ClockBehindLedger',
  'AuthorityKeyUnknown',

  // Well-formed, but the content is not valid: records, identifiers, due process requests,
  // instants, catalogues and policies (including what the engine cannot hold), import headers.
  'RecordsRejected',
  'InvalidIdentifier',
  'InvalidIdentifierPart',
  'RecordEventNotAllowed',
  'SubjectEventNotAllowed',
  'ReasonRequired',
  'GroundsRequired',
  'EvidenceTooLong',
  'ObjectionNoNewEvidence',
  'InvalidOutcome',
  'FieldsRequired',
  'FieldsNotAllowed',
  'FieldsRejected',
  'CorrectionUnchanged',
  'AppealWindowClosed',
  'ObjectionWindowClosed',
  'RepairNotApplicable',
  'RepairNotFulfilled',
  'RepairTooEarly',
  'RepairRefused',
  'OccurredInFuture',
  'OccurredBeforeBirth',
  'EventBeforeRecord',
  'InvalidInstant',
  'PublishInFuture',
  'TickInPast',
  'PolicyEffectiveInPast',
  'CatalogRejected',
  'PolicyRejected',
  'EngineTooManyLists',
  'EngineTooManyCategories',
  'EnginePolicyOrdinals',
  'AgencyInvalidId',
  'AgencyInvalidKind',
  'ImportBadHeader',
  'ImportUnknownFormat',

  // Over a limit: body size, media type, request rate.
  'PayloadTooLarge',
  'UnsupportedMediaType',
  'RateLimited',

  // Not ready, or the stored ledger cannot be served: still loading, not initialised, no policy
  // in force yet, the audit log closed or failing, stored documents or events this code cannot
  // read, a hash chain that does not verify.
  'NotReady',
  'StoreNotInitialised',
  'NoPolicyInForce',
  'AuditLogClosed',
  'AuditWriteFailed',
  'LedgerCatalogUnreadable',
  'LedgerPolicyUnreadable',
  'UnknownCategory',
  'UnknownRecordEvent',
  'EngineUnknownEvent',
  'EngineUnknownRecord',
  'EngineFieldsNotKept',
  'LedgerSequenceBroken',
  'AuditChainBroken',
  'LedgerChainBroken',
  'PublicationChainBroken',
  // The database's ledger is behind, or differs from, what this server folded (an asynchronous
  // standby promoted without the last acknowledged writes; docs/cluster.md).
  'LedgerRewound',

  // The local cluster of `probity cluster` (docs/cluster.md): a scratch directory it cannot use,
  // none recorded there, a program it needs that is not installed, a part that would not start.
  'ClusterDirUnusable',
  'ClusterNotFound',
  'ClusterToolMissing',
  'ClusterPartFailed',

  // Named by the HTTP or CLI table since the first release but thrown by nothing today; kept,
  // as every published code is.
  'SubjectNotFound',
  'InvalidPurpose',
  'StoreUnavailable',

  // A failure on our side; its message says nothing about the internals.
  'Internal',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];
