// The population (GET /v1/authority/population, GET /v1/feeds/consumers): subjects by kind, the
// grade distribution per kind, list sizes now and over time, checks per measure per day with
// their denials, the feed consumers and their lag, and the publications. Aggregates only. The
// instant (`at`: grades and lists) and the period (list sizes and checks day by day) are picked
// with the page's dates (period-form.tsx), kept in its URL.
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, Show } from '../app/states';
import { useApi } from '../app/use-api';
import { useFormat } from '../i18n/use-format';
import { authorityApi, type Consumers, type Population } from './authority-api';
import { COLOURS, Figure, FigureTable } from './figure';
import { byGrade } from './grades';
import { usePolicyNames } from './labels';
import { AUTHORITY_NS } from './i18n/messages';
import { dayOf, doorQuery } from './period';
import { PeriodForm, useDates } from './period-form';

/** The longest period the door answers, in days. */
const MAX_DAYS = 366;

/** The first and last days of the answer's period, as the page's labels say them. */
function usePeriod(population: Population): { from: string; to: string } {
  const format = useFormat();
  const days = population.history.days;
  return {
    from: days[0] === undefined ? '' : format.date(days[0]),
    to: days.at(-1) === undefined ? '' : format.date(days.at(-1) ?? ''),
  };
}

function Grades({ population }: { readonly population: Population }): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const kinds = ['person', 'organization'] as const;
  const grades = [...new Set(kinds.flatMap((kind) => Object.keys(population.grades[kind])))].sort(
    byGrade,
  );
  const config = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: grades,
        datasets: kinds.map((kind, i) => ({
          label: t(`population.kind.${kind}`),
          data: grades.map((g) => population.grades[kind][g] ?? 0),
          backgroundColor: COLOURS[i],
        })),
      },
    }),
    [population, format.language],
  );
  const label = t('population.gradesLabel', { at: format.dateTime(population.at) });
  return (
    <section aria-labelledby="grades">
      <h2 id="grades">{t('population.grades')}</h2>
      <p className="hint">{t('population.gradesHint')}</p>
      <Figure
        label={label}
        config={config}
        table={{
          columns: [t('population.grade'), ...kinds.map((k) => t(`population.kind.${k}`))],
          rows: grades.map((g) => [g, ...kinds.map((k) => population.grades[k][g] ?? 0)]),
        }}
      />
    </section>
  );
}

function Lists({ population }: { readonly population: Population }): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const names = usePolicyNames();
  const { days, sizes } = population.history;
  const lists = Object.keys(sizes).sort();
  const config = useMemo(
    () => ({
      type: 'line' as const,
      data: {
        labels: days.map((d) => format.date(d)),
        datasets: lists.map((list, i) => ({
          label: names.list(list),
          data: sizes[list] ?? [],
          borderColor: COLOURS[i % COLOURS.length],
          backgroundColor: COLOURS[i % COLOURS.length],
          pointRadius: 1,
        })),
      },
    }),
    [population, format.language, names.state],
  );
  const nowLabel = t('population.listsNowLabel', { at: format.dateTime(population.at) });
  const historyLabel = t('population.historyLabel', usePeriod(population));
  return (
    <section aria-labelledby="lists">
      <h2 id="lists">{t('population.lists')}</h2>
      {population.lists.length === 0 ? (
        <Empty>{t('population.noLists')}</Empty>
      ) : (
        <FigureTable
          label={nowLabel}
          table={{
            columns: [t('population.list'), t('population.listKind'), t('population.size')],
            rows: population.lists.map((l) => [
              names.list(l.list),
              t(`population.listKinds.${l.kind}`),
              l.size,
            ]),
          }}
        />
      )}
      <h3>{t('population.history')}</h3>
      {lists.length === 0 || days.length === 0 ? (
        <Empty>{t('population.noHistory')}</Empty>
      ) : (
        <Figure
          label={historyLabel}
          config={config}
          folded={t('population.figures')}
          table={{
            columns: [t('population.day'), ...lists.map(names.list)],
            rows: days.map((d, i) => [format.date(d), ...lists.map((l) => sizes[l]?.[i] ?? 0)]),
          }}
        />
      )}
    </section>
  );
}

function Checks({ population }: { readonly population: Population }): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const names = usePolicyNames();
  const days = population.history.days;
  // Only the measures checked in these days (the policy may have many that nobody checked).
  const measures = Object.keys(population.checks)
    .filter((m) => (population.checks[m]?.checks ?? []).some((n) => n > 0))
    .sort();
  const config = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: days.map((d) => format.date(d)),
        datasets: measures.flatMap((m, i) => [
          {
            label: t('population.checksOf', { measure: names.measure(m) }),
            data: population.checks[m]?.checks ?? [],
            backgroundColor: COLOURS[(2 * i) % COLOURS.length],
          },
          {
            label: t('population.denialsOf', { measure: names.measure(m) }),
            data: population.checks[m]?.denials ?? [],
            backgroundColor: COLOURS[(2 * i + 1) % COLOURS.length],
          },
        ]),
      },
    }),
    [population, format.language, names.state],
  );
  const period = usePeriod(population);
  const label = t('population.checksLabel', period);
  const total = (m: string, k: 'checks' | 'denials') =>
    (population.checks[m]?.[k] ?? []).reduce((a, b) => a + b, 0);
  return (
    <section aria-labelledby="checks">
      <h2 id="checks">{t('population.checks')}</h2>
      {measures.length === 0 ? (
        <Empty>{t('population.noChecks')}</Empty>
      ) : (
        <>
          <FigureTable
            label={t('population.checksTotalLabel', period)}
            table={{
              columns: [
                t('population.measure'),
                t('population.checksCol'),
                t('population.denials'),
              ],
              rows: measures.map((m) => [
                names.measure(m),
                total(m, 'checks'),
                total(m, 'denials'),
              ]),
            }}
          />
          <Figure
            label={label}
            config={config}
            folded={t('population.figures')}
            table={{
              columns: [
                t('population.day'),
                ...measures.flatMap((m) => [
                  t('population.checksOf', { measure: names.measure(m) }),
                  t('population.denialsOf', { measure: names.measure(m) }),
                ]),
              ],
              rows: days.map((d, i) => [
                format.date(d),
                ...measures.flatMap((m) => [
                  population.checks[m]?.checks[i] ?? 0,
                  population.checks[m]?.denials[i] ?? 0,
                ]),
              ]),
            }}
          />
        </>
      )}
    </section>
  );
}

function ConsumersTable({ consumers }: { readonly consumers: Consumers }): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const names = usePolicyNames();
  if (consumers.consumers.length === 0) return <Empty>{t('population.noConsumers')}</Empty>;
  return (
    <FigureTable
      label={t('population.consumersLabel')}
      table={{
        columns: [
          t('population.agency'),
          t('population.list'),
          t('population.acked'),
          t('population.last'),
          t('population.behind'),
          t('population.ackedAt'),
        ],
        rows: consumers.consumers.map((c) => [
          c.agency,
          names.list(c.list),
          c.ackedSeq,
          c.lastSeq,
          c.behind,
          c.ackedAt === null ? t('population.never') : format.dateTime(c.ackedAt),
        ]),
      }}
    />
  );
}

export function PopulationPage(): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const names = usePolicyNames();
  const [dates, setDates] = useDates();
  const loaded = useApi(
    () => authorityApi.population(doorQuery(dates)),
    [dates.at, dates.from, dates.to],
  );
  const consumers = useApi(() => authorityApi.consumers(), []);
  const answered = loaded.state === 'ok' ? loaded.data : undefined;
  return (
    <>
      <h1>{t('population.title')}</h1>
      <PeriodForm
        fields={['at', 'from', 'to']}
        dates={dates}
        shown={
          answered && {
            at: dayOf(answered.at),
            from: answered.history.days[0],
            to: answered.history.days.at(-1),
          }
        }
        maxDays={MAX_DAYS}
        onApply={setDates}
      />
      <Show loaded={loaded}>
        {(population) => (
          <>
            <p className="lead">
              {t('population.intro', {
                at: format.dateTime(population.at),
                policy: population.policy.id,
                version: population.policy.version,
              })}
            </p>
            <dl className="facts">
              <dt>{t('population.kind.person')}</dt>
              <dd>{format.number(population.subjects.person)}</dd>
              <dt>{t('population.kind.organization')}</dt>
              <dd>{format.number(population.subjects.organization)}</dd>
              <dt>{t('population.publications')}</dt>
              <dd>
                {population.publications.last === null
                  ? t('population.noPublication')
                  : t('population.lastPublication', {
                      count: population.publications.count,
                      list: names.list(population.publications.last.list),
                      version: population.publications.last.version,
                      at: format.dateTime(population.publications.last.publishedAt),
                      entries: population.publications.last.entries,
                    })}
              </dd>
            </dl>
            <Grades population={population} />
            <Lists population={population} />
            <Checks population={population} />
          </>
        )}
      </Show>
      <section aria-labelledby="consumers">
        <h2 id="consumers">{t('population.consumers')}</h2>
        <p className="hint">{t('population.consumersHint')}</p>
        <Show loaded={consumers}>{(c) => <ConsumersTable consumers={c} />}</Show>
      </section>
    </>
  );
}
