// The dates the authority's pages ask the API for (docs/web.md, authority dashboard): a page's
// `at` and its period, as the page's URL keeps them (`?at=2026-03-01&from=2026-02-01&to=2026-02-28`,
// `to` the last day shown, included) and as the doors take them (`to` excluded: the day after).
// A period is checked here before any request, and what is wrong with it said in words.

/** The URL's and the inputs' dates: YYYY-MM-DD, a real day. */
export function isDay(text: string | null | undefined): text is string {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

/** The day `days` days after `day` (before, for a negative count). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The UTC day of an instant the API answered. */
export function dayOf(instant: string): string {
  return new Date(Date.parse(instant)).toISOString().slice(0, 10);
}

/** The last day a window [from, to) of the API holds: the day before `to`'s end. */
export function lastDayOf(to: string): string {
  return new Date(Date.parse(to) - 1).toISOString().slice(0, 10);
}

/** The days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return (
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
  );
}

export interface Dates {
  readonly at?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** What is wrong with dates chosen (a message key of the `period` group), or undefined. */
export type PeriodProblem = 'notADay' | 'fromAfterTo' | 'tooLong' | 'afterToday' | 'incomplete';

export function periodProblem(
  dates: Dates,
  limits: { readonly today?: string | undefined; readonly maxDays?: number | undefined } = {},
): PeriodProblem | undefined {
  for (const day of [dates.at, dates.from, dates.to])
    if (day !== undefined && day !== '' && !isDay(day)) return 'notADay';
  const from = dates.from === '' ? undefined : dates.from;
  const to = dates.to === '' ? undefined : dates.to;
  if ((from === undefined) !== (to === undefined)) return 'incomplete';
  if (from !== undefined && to !== undefined) {
    if (from > to) return 'fromAfterTo';
    if (limits.today !== undefined && from > limits.today) return 'afterToday';
    if (limits.maxDays !== undefined && daysBetween(from, to) > limits.maxDays) return 'tooLong';
  }
  return undefined;
}

/** The dates a page's URL holds (a date that is not one is dropped: the door's default). */
export function datesOf(params: URLSearchParams): Dates {
  const get = (name: string) => {
    const value = params.get(name);
    return isDay(value) ? value : undefined;
  };
  return { at: get('at'), from: get('from'), to: get('to') };
}

/** The query a door takes for the dates: `to` the day after the last day shown (excluded). */
export function doorQuery(dates: Dates): { at?: string; from?: string; to?: string } {
  return {
    ...(dates.at === undefined ? {} : { at: dates.at }),
    ...(dates.from === undefined ? {} : { from: dates.from }),
    ...(dates.to === undefined ? {} : { to: addDays(dates.to, 1) }),
  };
}
