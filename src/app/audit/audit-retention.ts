// How long an archived audit entry keeps its personal content, by purpose (docs/audit.md, where
// the legal basis of each period is stated). Past it, `probity audit archive` rewrites the entry's
// segment keeping only its seq, instant, purpose and hash (audit-archive.ts): the chain still
// verifies across it, and who did what to whom is gone. Entries in the live log are never
// expired: a month is archived first, then expired.

/** Retention in whole years, counted from the entry's instant (UTC calendar). */
export const AUDIT_RETENTION_YEARS: Readonly<Record<string, number>> = {
  // An agency's check, answered allow or deny: the subject's evidence of who checked them and
  // what they were told, for as long as a claim over it can be brought.
  enforcement: 3,
  eligibility: 3,
  // The submitting agency's review of an objection: as long as the longest record may stand.
  'dispute-review': 5,
  // The citizen's own reads of their data: the shortest, since it concerns no one else.
  'subject-access': 1,
  // The authority's own reads and commands: accountability of the operator.
  oversight: 5,
  // An agency's submissions (records, record events): the provenance of a record that may stand
  // five years.
  write: 5,
};

/** Any purpose not named above (a feed purpose added later...): the longest period. */
export const DEFAULT_AUDIT_RETENTION_YEARS = 5;

export function retentionYearsOf(purpose: string): number {
  return AUDIT_RETENTION_YEARS[purpose] ?? DEFAULT_AUDIT_RETENTION_YEARS;
}

/** The instant an entry of `purpose` made at `at` (epoch ms) expires: `years` later, same day. */
export function expiresAt(purpose: string, at: number): number {
  const d = new Date(at);
  return Date.UTC(
    d.getUTCFullYear() + retentionYearsOf(purpose),
    d.getUTCMonth(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}
