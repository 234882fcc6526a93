// The catalogue and the policy in force, as the public reads them ("how Probity works", the
// public site): every category with its legal basis, tier, durations, fields and who submits it;
// the policy's scores, grades, rules and points, lists and measures with their legal bases. The
// documents are public by design (charter C1: the closed catalogue; C4: published rules); they
// name categories, rules, lists and agency kinds, never a person. Any caller may read them; the
// read is not audited (it concerns no subject).
import type { Category, FieldSpec } from '../../core/catalog/index.js';
import type { CompiledPolicy, PolicyList } from '../../core/policy/index.js';
import { formatInstant } from '../../core/time/instant.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';

type ReadDeps = Pick<AppDeps, 'standing' | 'clock'>;

/** Labels in other languages (`zh-CN`), where the document gives them. */
export type Labels = Readonly<Record<string, string>>;

export interface PublicField {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly min: number | null;
  readonly max: number | null;
  readonly maxLength: number | null;
  readonly enum: readonly string[] | null;
}

export interface PublicCategory {
  readonly id: string;
  readonly label: string;
  readonly labels: Labels;
  readonly dataClass: string;
  readonly polarity: string;
  readonly tier: string | null;
  readonly legalBasis: string;
  readonly subjects: readonly string[];
  readonly submitters: readonly string[];
  readonly fields: readonly PublicField[];
  /** ISO 8601 durations as the catalogue writes them. */
  readonly maxDuration: string;
  readonly endsWhenFulfilled: boolean;
  readonly repairAfter: string | null;
  readonly objectionDeadline: string;
}

export interface PublicRule {
  readonly id: string;
  readonly label: string | null;
  readonly labels: Labels;
  /** The pattern as written (`court.*`) and the categories it matches. */
  readonly category: string;
  readonly categories: readonly string[];
  readonly when: string | null;
  /** An integer, or the expression as written. */
  readonly points: string;
  readonly decay: string;
  readonly cap: number | null;
}

export interface PublicList {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly labels: Labels;
  readonly legalBasis: string;
  readonly public: boolean;
  readonly subjects: readonly string[];
  readonly noticePeriod: string;
  /** Sanction lists: the categories that bring a subject onto it, and any further condition. */
  readonly categories: readonly string[];
  readonly when: string | null;
  /** Incentive lists: the grades, and how long without an adverse record. */
  readonly grades: readonly string[];
  readonly noAdverseWithin: string | null;
  /** The measures that apply to the list's members. */
  readonly measures: readonly string[];
}

export interface PublicMeasure {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly labels: Labels;
  readonly legalBasis: string;
  readonly lists: readonly string[];
  readonly enforcers: readonly string[];
}

export interface DocumentsInForce {
  /** The instant the documents are in force at. */
  readonly at: string;
  readonly catalog: { readonly version: number; readonly categories: readonly PublicCategory[] };
  readonly policy: {
    readonly id: string;
    readonly version: number;
    readonly effectiveFrom: string | null;
    readonly base: Readonly<Record<string, number>>;
    readonly bounds: { readonly min: number; readonly max: number };
    readonly grades: readonly { readonly grade: string; readonly min: number }[];
    readonly rules: readonly PublicRule[];
    readonly lists: readonly PublicList[];
    readonly measures: readonly PublicMeasure[];
  };
}

function labelsOf(thing: object): Labels {
  const labels = (thing as { readonly labels?: unknown }).labels;
  return labels !== null && typeof labels === 'object' ? (labels as Labels) : {};
}

function field(name: string, spec: FieldSpec): PublicField {
  return {
    name,
    type: spec.type,
    required: spec.required,
    min: spec.min ?? null,
    max: spec.max ?? null,
    maxLength: spec.maxLength ?? null,
    enum: spec.enum ?? null,
  };
}

function category(c: Category): PublicCategory {
  return {
    id: c.id,
    label: c.label,
    labels: labelsOf(c),
    dataClass: c.dataClass,
    polarity: c.polarity,
    tier: c.tier ?? null,
    legalBasis: c.legalBasis,
    subjects: c.subjects,
    submitters: c.submitters,
    fields: Object.entries(c.fields).map(([name, spec]) => field(name, spec)),
    maxDuration: c.effect.maxDuration.text,
    endsWhenFulfilled: c.effect.endsWhenFulfilled,
    repairAfter: c.effect.repairAfter?.text ?? null,
    objectionDeadline: c.objectionDeadline.text,
  };
}

function list(l: PolicyList, policy: CompiledPolicy): PublicList {
  const measures = (policy.measuresByList.get(l.id) ?? []).map((m) => m.id);
  const common = {
    id: l.id,
    kind: l.kind,
    label: l.label,
    labels: labelsOf(l),
    legalBasis: l.legalBasis,
    public: l.public,
    subjects: l.subjects,
    noticePeriod: l.noticePeriod.text,
    measures,
  };
  return l.kind === 'sanction'
    ? {
        ...common,
        categories: l.include.categories,
        when: l.include.when?.source ?? null,
        grades: [],
        noAdverseWithin: null,
      }
    : {
        ...common,
        categories: [],
        when: null,
        grades: l.include.grades,
        noAdverseWithin: l.include.noAdverseWithin.text,
      };
}

export function documentsView(
  catalogVersion: number,
  policy: CompiledPolicy,
  at: string,
): DocumentsInForce {
  return {
    at,
    catalog: { version: catalogVersion, categories: policy.catalog.categories.map(category) },
    policy: {
      id: policy.id,
      version: policy.version,
      effectiveFrom:
        policy.effectiveFrom === undefined ? null : formatInstant(policy.effectiveFrom),
      base: policy.base,
      bounds: policy.bounds,
      grades: policy.grades.map((g) => ({ grade: g.grade, min: g.min })),
      rules: policy.rules.map((r) => ({
        id: r.id,
        label: r.label ?? null,
        labels: labelsOf(r),
        category: r.category.text,
        categories: r.categories,
        when: r.when?.source ?? null,
        points: r.constantPoints === undefined ? r.points.source : String(r.constantPoints),
        decay: r.decay,
        cap: r.cap ?? null,
      })),
      lists: policy.lists.map((l) => list(l, policy)),
      measures: policy.measures.map((m) => ({
        id: m.id,
        kind: m.kind,
        label: m.label,
        labels: labelsOf(m),
        legalBasis: m.legalBasis,
        lists: m.lists,
        enforcers: m.enforcers,
      })),
    },
  };
}

/** Anyone: the catalogue and the policy in force now. */
export async function readDocumentsInForce(
  deps: ReadDeps,
  _caller: Caller,
): Promise<DocumentsInForce> {
  const now = deps.clock();
  const standing = await deps.standing();
  const policy = standing.policyAt(now);
  return documentsView(standing.scoring().catalogVersion, policy, formatInstant(now));
}
