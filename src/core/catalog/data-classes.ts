// The data classes a category may draw on: a closed set fixed in code, not in configuration
// (charter C1). The classes charter C2 forbids are refused by name too, with the synonyms a
// catalogue author might reach for (the lists are in forbidden-vocabulary.ts), so that asking for
// one is refused as forbidden, citing the charter, rather than merely as unknown: the refusal is a
// rule of the product, not a missing feature.
import { forbiddenClassesIn } from './catalog-content.js';
import { FORBIDDEN_CLASSES } from './forbidden-vocabulary.js';

export const DATA_CLASSES = [
  'judicial',
  'administrative-penalty',
  'tax',
  'utility',
  'financial-contract',
  'commercial-contract',
  'transport-safety',
  'regulatory-compliance',
  'registration',
  'civic-commendation',
] as const;

export type DataClass = (typeof DATA_CLASSES)[number];

const ALLOWED: ReadonlySet<string> = new Set(DATA_CLASSES);

export function isDataClass(name: string): name is DataClass {
  return ALLOWED.has(name);
}

/** Every data-class name charter C2 forbids, synonyms included. */
export const FORBIDDEN_DATA_CLASSES: readonly string[] = FORBIDDEN_CLASSES.flatMap(
  (c) => c.dataClassNames,
);

/** Lower case, with spaces and underscores as hyphens: `Political_Opinion` is `political-opinion`. */
function normalise(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/**
 * The charter C2 wording that forbids this data class, or undefined when C2 does not name it.
 * A class is forbidden when it is one of the forbidden names, or names a forbidden class by the
 * vocabulary every catalogue text is read with (`health-records`, `gps-traces`, `宗教`).
 */
export function forbiddenDataClassRule(name: string): string | undefined {
  const normalised = normalise(name);
  const named = FORBIDDEN_CLASSES.find((c) => c.dataClassNames.includes(normalised));
  return (named ?? forbiddenClassesIn(name)[0]?.forbidden)?.rule;
}
