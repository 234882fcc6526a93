// The parsed catalogue: the closed list of record categories an agency may submit (charter C1).
// Every default is already applied here, so readers never re-derive a tier's duration.
import type { Labels } from './labels.js';
import type { SubjectKind } from '../ledger/ledger-types.js';
import type { Duration } from '../time/duration.js';
import type { DataClass } from './data-classes.js';

export const POLARITIES = ['adverse', 'favourable'] as const;
export type Polarity = (typeof POLARITIES)[number];

export const TIERS = ['minor', 'general', 'serious'] as const;
export type Tier = (typeof TIERS)[number];

export const FIELD_TYPES = ['integer', 'string', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const SUBJECT_KINDS: readonly SubjectKind[] = ['person', 'organization'];

/**
 * One typed attribute of a record. `min`/`max` apply to integers (money is an integer of fen),
 * `maxLength`, `enum` and `pattern` to strings. Absent constraints are absent properties.
 */
export interface FieldSpec {
  readonly type: FieldType;
  readonly required: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
  readonly enum?: readonly string[];
  /** A regular expression the whole text must match (field-pattern.ts). */
  readonly pattern?: string;
}

export interface Effect {
  /** Hard expiry counted from the conduct (`occurredAt`), never re-aged (charter C7). */
  readonly maxDuration: Duration;
  /** The record stops having effect once the obligation is fulfilled. */
  readonly endsWhenFulfilled: boolean;
  /** How long after the conduct repair may be asked; undefined for favourable records. */
  readonly repairAfter: Duration | undefined;
}

export interface Category {
  readonly id: string;
  readonly label: string;
  /** The label in other languages (`zh-CN`), where the catalogue gives it (labels.ts). */
  readonly labels?: Labels;
  readonly dataClass: DataClass;
  readonly polarity: Polarity;
  /** Adverse categories only. */
  readonly tier: Tier | undefined;
  readonly legalBasis: string;
  readonly subjects: readonly SubjectKind[];
  /** Agency kinds allowed to submit records of this category. */
  readonly submitters: readonly string[];
  /** Field specs in the order the catalogue declares them. */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly effect: Effect;
  /** How long the submitting agency has to decide an objection (charter C8). */
  readonly objectionDeadline: Duration;
}

export interface Catalog {
  readonly categories: readonly Category[];
  readonly byId: ReadonlyMap<string, Category>;
}
