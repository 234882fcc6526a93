// The dates of an authority page (docs/web.md, authority dashboard): labelled date inputs for the
// instant (`at`) and the period (`from`, `to`: both days included) its door takes, kept in the
// page's URL so a view can be shared and reloaded. Until the authority picks one, each input shows
// what the door answered by default (the page passes it as `shown`). A period that is not one is
// explained before any request; a refusal of the API is shown by the page.
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AUTHORITY_NS } from './i18n/messages';
import { datesOf, periodProblem, type Dates, type PeriodProblem } from './period';

type Field = 'at' | 'from' | 'to';

/** The page's dates as its URL holds them, and a way to change them (a new history entry). */
export function useDates(): readonly [Dates, (next: Dates) => void] {
  const [params, setParams] = useSearchParams();
  const dates = datesOf(params);
  const set = (next: Dates): void => {
    const out = new URLSearchParams(params);
    for (const field of ['at', 'from', 'to'] as const) {
      const value = next[field];
      if (value === undefined || value === '') out.delete(field);
      else out.set(field, value);
    }
    setParams(out);
  };
  return [dates, set] as const;
}

export function PeriodForm({
  fields,
  dates,
  shown,
  maxDays,
  onApply,
}: {
  readonly fields: readonly Field[];
  /** The dates the URL holds. */
  readonly dates: Dates;
  /** The dates the door answered with (its defaults where the URL holds none). */
  readonly shown: Dates | undefined;
  readonly maxDays?: number;
  readonly onApply: (next: Dates) => void;
}): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const id = useId();
  const [edited, setEdited] = useState<Dates>({});
  const [problem, setProblem] = useState<PeriodProblem | undefined>();
  const key = `${dates.at ?? ''}/${dates.from ?? ''}/${dates.to ?? ''}`;
  // A new URL (applied, reset, back or forward): the inputs show it again.
  useEffect(() => {
    setEdited({});
    setProblem(undefined);
  }, [key]);

  const value = (field: Field): string => edited[field] ?? dates[field] ?? shown?.[field] ?? '';
  const hasPeriod = fields.includes('from');

  function apply(event: FormEvent): void {
    event.preventDefault();
    const chosen: Dates = {
      at: fields.includes('at') ? value('at') : undefined,
      from: hasPeriod ? value('from') : undefined,
      to: hasPeriod ? value('to') : undefined,
    };
    const found = periodProblem(chosen, { maxDays });
    setProblem(found);
    if (found !== undefined) return;
    // Only what the authority picked goes into the URL (the rest stays the door's default): the
    // period as a whole once either end is picked.
    const periodPicked =
      edited.from !== undefined ||
      edited.to !== undefined ||
      dates.from !== undefined ||
      dates.to !== undefined;
    onApply({
      at: edited.at !== undefined || dates.at !== undefined ? chosen.at : undefined,
      from: periodPicked ? chosen.from : undefined,
      to: periodPicked ? chosen.to : undefined,
    });
  }

  const errorId = `${id}-problem`;
  const input = (field: Field): ReactNode => (
    <div className="field" key={field}>
      <label htmlFor={`${id}-${field}`}>{t(`period.${field}`)}</label>
      <input
        id={`${id}-${field}`}
        type="date"
        value={value(field)}
        aria-invalid={problem !== undefined ? true : undefined}
        aria-describedby={problem !== undefined ? errorId : undefined}
        onChange={(e) => setEdited((old) => ({ ...old, [field]: e.target.value }))}
      />
    </div>
  );
  return (
    <form className="dates" onSubmit={apply} aria-label={t('period.label')}>
      <fieldset>
        <legend>{t('period.legend')}</legend>
        <div className="dates-fields">{fields.map(input)}</div>
        <p className="hint">
          {t(hasPeriod ? 'period.hintPeriod' : 'period.hintAt')}
          {maxDays !== undefined && ` ${t('period.hintMax', { days: maxDays })}`}
        </p>
        {problem !== undefined && (
          <p id={errorId} className="problems" role="alert">
            {t(`period.problem.${problem}`, { days: maxDays })}
          </p>
        )}
        <p className="actions">
          <button type="submit">{t('period.apply')}</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setEdited({});
              setProblem(undefined);
              onApply({});
            }}
          >
            {t('period.reset')}
          </button>
        </p>
      </fieldset>
    </form>
  );
}
