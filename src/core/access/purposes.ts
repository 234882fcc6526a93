// The closed list of purposes for which anyone may read a subject's data or check a measure
// (charter C11, architecture.md "Security model"). Every read and check names one; the audit log
// records it, and the subject can see it.
export const PURPOSES = [
  'enforcement',
  'eligibility',
  'dispute-review',
  'subject-access',
  'oversight',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}
