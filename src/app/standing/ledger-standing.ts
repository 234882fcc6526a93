// The standing of one subject at a time, straight from the ledger with the reference evaluator:
// what one-shot CLI commands (`score`, `check`) answer without folding the whole ledger. The
// server answers from the in-memory engine (`LiveStanding`), which is held to give the same answers.
import { DomainError } from '../../core/errors/domain-error.js';
import { checkIdentifier } from '../../core/identifiers/index.js';
import {
  checkMeasure,
  evaluateSubject,
  type CheckResult,
  type SubjectEvaluation,
} from '../../core/scoring/index.js';
import type { Instant } from '../../core/time/instant.js';
import type { LedgerReader } from '../ports/ledger-store.js';
import type { ScoringContext } from './scoring-context.js';
import type { Standing } from './standing.js';
import { loadSubjectHistory } from './subject-history-load.js';

export class LedgerStanding implements Standing {
  constructor(
    private readonly store: LedgerReader,
    private readonly context: ScoringContext,
    private readonly clock: () => Instant,
    /** The citizen portal's address notices name (default: notice-language.ts). */
    private readonly portalUrl?: string | undefined,
  ) {}

  catalog() {
    return { catalog: this.context.catalog, version: this.context.catalogVersion };
  }

  categoryOf(record: Parameters<ScoringContext['categoryOf']>[0]) {
    return this.context.categoryOf(record);
  }

  policyAt(t: Instant) {
    return this.context.policyAt(t);
  }

  scoring(): ScoringContext & { readonly portalUrl?: string | undefined } {
    return this.portalUrl === undefined
      ? this.context
      : { ...this.context, portalUrl: this.portalUrl };
  }

  async evaluate(subjectKey: string, t: Instant): Promise<SubjectEvaluation> {
    // The key is normalised already; its scheme gives the kind and, for a person, the birth date.
    const id = checkIdentifier(subjectKey, this.clock());
    if (!id.valid) throw new DomainError('InvalidIdentifier', `"${subjectKey}": ${id.message}`);
    const birthDate = id.scheme === 'cn-ric' ? id.birthDate : undefined;
    const history = await loadSubjectHistory(this.store, id.normalized, id.kind, birthDate);
    return evaluateSubject(history, this.context.policyAt(t), (r) => this.categoryOf(r), t);
  }

  async check(subjectKey: string, measureId: string, t: Instant): Promise<CheckResult> {
    const policy = this.context.policyAt(t);
    const measure = policy.measuresById.get(measureId);
    if (!measure) {
      throw new DomainError(
        'UnknownMeasure',
        `no measure "${measureId}" in policy ${policy.id} version ${policy.version}`,
      );
    }
    return checkMeasure(await this.evaluate(subjectKey, t), measure, policy);
  }

  async checkBatch(keys: readonly string[], measureId: string, t: Instant) {
    const out: CheckResult[] = [];
    for (const key of keys) out.push(await this.check(key, measureId, t));
    return out;
  }

  /** Nothing is derived in memory: every answer is read from the ledger as it is. */
  follow(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing is derived in memory here: feeds and notices are read as the store holds them. */
  inStep(): Promise<void> {
    return Promise.resolve();
  }
}
