// Searching the published lists by identifier or name, in what the publications hold: masked
// identifiers (a person's birth date hidden) and names. An identifier typed in full is masked the
// way publications mask it (src/core/identifiers/identifier-mask.ts) and compared whole; anything
// else is looked for in the masked identifiers and the names. Nothing but published text is
// searched, so nothing unpublished can be found.

export interface SearchableEntry {
  readonly subject: string;
  readonly name: string | null;
}

/** A query as an identifier: spaces gone, a lower-case x upper-cased. */
function normalise(query: string): string {
  return query.replace(/\s+/g, '').toUpperCase();
}

/** The published form of a person's number typed in full (18 or 15 characters). */
export function maskedForm(query: string): string | undefined {
  const text = normalise(query);
  if (/^\d{17}[\dX]$/.test(text)) return `${text.slice(0, 6)}********${text.slice(14)}`;
  if (/^\d{15}$/.test(text)) return `${text.slice(0, 6)}******${text.slice(12)}`;
  return undefined;
}

export function matches(entry: SearchableEntry, query: string): boolean {
  const trimmed = query.trim();
  if (trimmed === '') return false;
  const id = normalise(trimmed);
  const masked = maskedForm(trimmed);
  if (masked !== undefined) return entry.subject === masked || entry.subject === id;
  if (entry.subject.toUpperCase().includes(id)) return true;
  return entry.name !== null && entry.name.toLowerCase().includes(trimmed.toLowerCase());
}
