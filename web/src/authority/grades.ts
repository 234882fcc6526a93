// The order grades are shown in (the population's chart, the simulation's transition matrix).
/**
 * Grades in the order people read them: AAA, AA, A, B, C, D (best first, by letter and then by
 * how many), `-` (not scorable) last.
 */
export function byGrade(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '-') return 1;
  if (b === '-') return -1;
  if (a[0] !== b[0]) return a.localeCompare(b);
  return b.length - a.length;
}
