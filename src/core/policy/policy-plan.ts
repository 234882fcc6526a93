// The index that lets the engine evaluate only the rules that can apply (the Actual Budget idea):
// for each catalogue category, its candidate rules in policy order and the sanction lists it can
// feed, computed once per compiled policy. Also the small lookups the engine calls per record.
import type { Catalog } from '../catalog/index.js';
import type { RecordFields } from '../ledger/ledger-types.js';
import type {
  CategoryPattern,
  CategoryPlan,
  CompiledPolicy,
  CompiledRule,
  GradeBand,
  PolicyList,
  SanctionList,
} from './policy-types.js';

export function categoryMatches(pattern: CategoryPattern, categoryId: string): boolean {
  return pattern.kind === 'exact'
    ? categoryId === pattern.value
    : categoryId.startsWith(pattern.value);
}

export function buildCategoryPlans(
  catalog: Catalog,
  rules: readonly CompiledRule[],
  lists: readonly PolicyList[],
): CategoryPlan[] {
  const sanctionLists = lists.filter((l): l is SanctionList => l.kind === 'sanction');
  return catalog.categories.map((category, ordinal) => ({
    category,
    ordinal,
    tier: category.tier ?? '',
    rules: rules.filter((r) => r.categories.includes(category.id)),
    sanctionLists: sanctionLists.filter((l) => l.include.categories.includes(category.id)),
  }));
}

const NO_RULES: readonly CompiledRule[] = [];
const NO_LISTS: readonly SanctionList[] = [];

/** The rules that can score a record of this category, in policy order (empty when none). */
export function candidateRules(
  policy: CompiledPolicy,
  categoryId: string,
): readonly CompiledRule[] {
  return policy.plansByCategory.get(categoryId)?.rules ?? NO_RULES;
}

/** The sanction lists a record of this category can put its subject on, in policy order. */
export function sanctionListsFor(
  policy: CompiledPolicy,
  categoryId: string,
): readonly SanctionList[] {
  return policy.plansByCategory.get(categoryId)?.sanctionLists ?? NO_LISTS;
}

/** The rule that scores a record, its raw points, and the run-time error if the rule failed. */
export interface RuleMatch {
  readonly rule: CompiledRule;
  /** The raw points (before decay); 0 when the rule failed. */
  readonly points: number;
  /** `when: <CEL message>` or `points: <CEL message>` when the rule failed on the record. */
  readonly error: string | undefined;
}

/**
 * How a record is scored: by the first candidate whose `when` holds, or undefined (the record then
 * contributes 0 and is shown as unmatched). A candidate whose `when` fails, or the matched rule
 * whose `points` fails, scores it with an error and 0 points: matching stops there, so a failure
 * never hands the record silently to a later rule (docs/policy.md, "Rule errors").
 */
export function ruleMatch(
  candidates: readonly CompiledRule[],
  fields: RecordFields,
  category: string,
  tier: string,
): RuleMatch | undefined {
  for (const rule of candidates) {
    const holds = rule.when === undefined ? true : rule.when.attempt(fields, category, tier);
    if (holds === false) continue;
    if (holds !== true) return { rule, points: 0, error: `when: ${holds.message}` };
    const points = rule.points.attempt(fields, category, tier);
    if (typeof points === 'number') return { rule, points, error: undefined };
    return { rule, points: 0, error: `points: ${points.message}` };
  }
  return undefined;
}

/** The rule that scores a record (see `ruleMatch`), or undefined when none does. */
export function firstMatchingRule(
  candidates: readonly CompiledRule[],
  fields: RecordFields,
  category: string,
  tier: string,
): CompiledRule | undefined {
  return ruleMatch(candidates, fields, category, tier)?.rule;
}

/** Whether a record of a category named by `list` qualifies by the list's `when`. */
export function sanctionListAccepts(
  list: SanctionList,
  fields: RecordFields,
  category: string,
  tier: string,
): boolean {
  return list.include.when === undefined || list.include.when.evaluate(fields, category, tier);
}

/** The first band, in the policy's order (highest first), whose min the score reaches. */
export function gradeFor(grades: readonly GradeBand[], score: number): string {
  for (const band of grades) if (score >= band.min) return band.grade;
  // Unreachable for a validated policy with a clamped score: the last min is <= bounds.min.
  return grades[grades.length - 1]?.grade ?? '';
}
