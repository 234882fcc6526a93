// The record categories the engine has seen, as small integers. A record is stored with the
// ordinal of its (catalogue version, category id) pair, so that its effect window and objection
// deadline come from the catalogue it was accepted under; the category id alone has its own
// ordinal, which is what a policy's per-category plans are looked up by.
import type { Catalog, Category } from '../core/catalog/index.js';
import { DomainError } from '../core/errors/domain-error.js';
import { compileDurationAdd, type InstantShift } from './calendar-add.js';

export interface CategoryEntry {
  /** Ordinal of the category id across catalogue versions. */
  readonly idOrdinal: number;
  readonly id: string;
  readonly catalogVersion: number;
  /** Undefined when the record's catalogue does not know the category: it never counts. */
  readonly category: Category | undefined;
  /** The CEL `tier`: the category's tier, or "" for a favourable one. */
  readonly tier: string;
  readonly adverse: boolean;
  readonly endsWhenFulfilled: boolean;
  /** occurredAt -> effectEnd. */
  readonly effectEnd: InstantShift;
  /** objectedAt -> the deadline for the agency's decision. */
  readonly objectionDeadline: InstantShift;
}

/** The table's keys (an engine snapshot holds them; the entries are rebuilt from the catalogues). */
export interface CategoryKeys {
  readonly ids: readonly string[];
  readonly entries: readonly (readonly [number, string])[];
}

const NEVER: InstantShift = () => Number.NEGATIVE_INFINITY;

export class CategoryTable {
  private readonly byKey = new Map<string, number>();
  private readonly idOrdinals = new Map<string, number>();
  readonly entries: CategoryEntry[] = [];
  readonly ids: string[] = [];
  /** Per entry ordinal: 1 when the category is adverse (for the scoring pass). */
  readonly adverse = new Uint8Array(0x10000);

  constructor(private readonly catalogFor: (version: number) => Catalog | undefined) {}

  /** The entry ordinal of a record's category under its catalogue version. */
  ordinal(catalogVersion: number, id: string): number {
    const key = `${catalogVersion}\u0000${id}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const category = this.catalogFor(catalogVersion)?.byId.get(id);
    const entry: CategoryEntry = {
      idOrdinal: this.idOrdinal(id),
      id,
      catalogVersion,
      category,
      tier: category?.tier ?? '',
      adverse: category?.polarity === 'adverse',
      endsWhenFulfilled: category?.effect.endsWhenFulfilled ?? false,
      effectEnd: category ? compileDurationAdd(category.effect.maxDuration) : NEVER,
      objectionDeadline: category ? compileDurationAdd(category.objectionDeadline) : NEVER,
    };
    const ordinal = this.entries.length;
    if (ordinal >= 0xffff) {
      throw new DomainError(
        'EngineTooManyCategories',
        'the engine holds at most 65535 (catalogue version, category) pairs',
      );
    }
    this.entries.push(entry);
    this.adverse[ordinal] = entry.adverse ? 1 : 0;
    this.byKey.set(key, ordinal);
    return ordinal;
  }

  idOrdinal(id: string): number {
    const known = this.idOrdinals.get(id);
    if (known !== undefined) return known;
    const ordinal = this.ids.length;
    this.ids.push(id);
    this.idOrdinals.set(id, ordinal);
    return ordinal;
  }

  /** The entries' (catalogue version, category id) in ordinal order, and the ids in theirs. */
  snapshotKeys(): CategoryKeys {
    return {
      ids: [...this.ids],
      entries: this.entries.map((e) => [e.catalogVersion, e.id] as const),
    };
  }

  /** Registers the keys of a snapshot in their order (an empty table only), so ordinals match. */
  restoreKeys(keys: CategoryKeys): void {
    for (const id of keys.ids) this.idOrdinal(id);
    for (const [version, id] of keys.entries) this.ordinal(version, id);
  }

  entry(ordinal: number): CategoryEntry {
    const entry = this.entries[ordinal];
    if (entry === undefined) throw new RangeError(`category-table: no entry ${ordinal}`);
    return entry;
  }
}
