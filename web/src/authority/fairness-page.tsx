// The fairness monitor (GET /v1/authority/fairness): list membership and check denial rates by
// district, age band and sex (all read from the identity number itself), the rule, the flagged
// disparities with the figures that made them, and suppressed groups shown as such. The instant
// (`at`: membership, age bands) and the period of the checks are picked with the page's dates
// (period-form.tsx), kept in its URL.
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, Show } from '../app/states';
import { useApi } from '../app/use-api';
import { useFormat } from '../i18n/use-format';
import { authorityApi, type Fairness } from './authority-api';
import { COLOURS, Figure } from './figure';
import { useGroupName, usePolicyNames, type Named } from './labels';
import { AUTHORITY_NS } from './i18n/messages';
import { dayOf, doorQuery, lastDayOf } from './period';
import { PeriodForm, useDates } from './period-form';

const DIMENSIONS = ['district', 'ageBand', 'sex'] as const;
type Dimension = (typeof DIMENSIONS)[number];

type FlagOf = (flag: 'high' | 'low' | null | undefined) => string;

function useFlag(): FlagOf {
  const { t } = useTranslation(AUTHORITY_NS);
  return (flag) => (flag === 'high' || flag === 'low' ? ` (${t(`fairness.flag.${flag}`)})` : '');
}

function Membership({
  fairness,
  dimension,
}: {
  readonly fairness: Fairness;
  readonly dimension: Dimension;
}): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const name = useGroupName();
  const names = usePolicyNames();
  const flagOf = useFlag();
  const lists = fairness.membership.lists;
  const groups = fairness.membership.groups[dimension];
  const shown = groups.filter((g) => !g.suppressed);
  const config = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: shown.map(name),
        datasets: lists.map((list, i) => ({
          label: names.list(list),
          data: shown.map((g) => (g.lists?.[list]?.rate ?? 0) * 100),
          backgroundColor: COLOURS[i % COLOURS.length],
        })),
      },
    }),
    [fairness, format.language, names.state],
  );
  const label = t('fairness.membershipLabel', { dimension: t(`fairness.dimension.${dimension}`) });
  return (
    <Figure
      label={label}
      config={config}
      table={{
        columns: [t('fairness.group'), t('fairness.persons'), ...lists.map(names.list)],
        rows: [
          [
            t('fairness.overall'),
            fairness.membership.overall.persons,
            ...lists.map((l) => format.percent(fairness.membership.overall.lists[l]?.rate ?? 0)),
          ],
          ...groups.map((g) =>
            g.suppressed
              ? [name(g), t('fairness.suppressed'), ...lists.map(() => '—')]
              : [
                  name(g),
                  g.persons ?? 0,
                  ...lists.map((l) => {
                    const figure = g.lists?.[l];
                    return figure === undefined
                      ? '—'
                      : `${format.percent(figure.rate)}${flagOf(figure.flag)}`;
                  }),
                ],
          ),
        ],
      }}
    />
  );
}

function Denials({
  fairness,
  dimension,
}: {
  readonly fairness: Fairness;
  readonly dimension: Dimension;
}): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const name = useGroupName();
  const flagOf = useFlag();
  const groups = fairness.denials.groups[dimension];
  const shown = groups.filter((g) => !g.suppressed);
  const config = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: shown.map(name),
        datasets: [
          {
            label: t('fairness.denialRate'),
            data: shown.map((g) => (g.rate ?? 0) * 100),
            backgroundColor: COLOURS[1],
          },
        ],
      },
    }),
    [fairness, format.language],
  );
  const label = t('fairness.denialsLabel', { dimension: t(`fairness.dimension.${dimension}`) });
  const o = fairness.denials.overall;
  return (
    <Figure
      label={label}
      config={config}
      table={{
        columns: [
          t('fairness.group'),
          t('fairness.checked'),
          t('fairness.checks'),
          t('fairness.denials'),
          t('fairness.denialRate'),
        ],
        rows: [
          [t('fairness.overall'), o.subjects, o.checks, o.denials, format.percent(o.rate)],
          ...groups.map((g) =>
            g.suppressed
              ? [name(g), t('fairness.suppressed'), '—', '—', '—']
              : [
                  name(g),
                  g.subjects ?? 0,
                  g.checks ?? 0,
                  g.denials ?? 0,
                  `${format.percent(g.rate ?? 0)}${flagOf(g.flag)}`,
                ],
          ),
        ],
      }}
    />
  );
}

function Flags({ fairness }: { readonly fairness: Fairness }): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const name = useGroupName();
  const names = usePolicyNames();
  if (fairness.flags.length === 0) return <Empty>{t('fairness.noFlags')}</Empty>;
  const groupOf = (dimension: Dimension, group: string): Named =>
    [...fairness.membership.groups[dimension], ...fairness.denials.groups[dimension]].find(
      (g) => g.group === group,
    ) ?? { group };
  return (
    <ul className="flags">
      {fairness.flags.map((f, i) => (
        <li key={i}>
          {t('fairness.flagLine', {
            what:
              f.measure === 'membership'
                ? t('fairness.onList', { list: names.list(f.list ?? '') })
                : t('fairness.denied'),
            dimension: t(`fairness.dimension.${f.dimension}`),
            group: name(groupOf(f.dimension, f.group)),
            flag: t(`fairness.flag.${f.flag}`),
            rate: format.percent(f.rate),
            overall: format.percent(f.overall),
            ratio: format.number(Math.round(f.ratio * 100) / 100),
            n: f.n,
          })}
        </li>
      ))}
    </ul>
  );
}

export function FairnessPage(): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const [dates, setDates] = useDates();
  const loaded = useApi(
    () => authorityApi.fairness(doorQuery(dates)),
    [dates.at, dates.from, dates.to],
  );
  const answered = loaded.state === 'ok' ? loaded.data : undefined;
  return (
    <>
      <h1>{t('fairness.title')}</h1>
      <PeriodForm
        fields={['at', 'from', 'to']}
        dates={dates}
        shown={
          answered && {
            at: dayOf(answered.at),
            from: dayOf(answered.window.from),
            to: lastDayOf(answered.window.to),
          }
        }
        onApply={setDates}
      />
      <Show loaded={loaded}>
        {(fairness) => (
          <>
            <p className="lead">
              {t('fairness.intro', {
                at: format.dateTime(fairness.at),
                from: format.date(fairness.window.from),
                to: format.date(lastDayOf(fairness.window.to)),
              })}
            </p>
            <section aria-labelledby="rule">
              <h2 id="rule">{t('fairness.rule')}</h2>
              <p lang="en">{fairness.rule.statement}</p>
              <p className="hint">
                {t('fairness.ruleFigures', {
                  above: fairness.rule.above,
                  below: fairness.rule.below,
                  minGroup: fairness.rule.minGroup,
                  suppressBelow: fairness.rule.suppressBelow,
                })}
              </p>
            </section>
            <section aria-labelledby="flags">
              <h2 id="flags">{t('fairness.flags')}</h2>
              <Flags fairness={fairness} />
            </section>
            <section aria-labelledby="membership">
              <h2 id="membership">{t('fairness.membership')}</h2>
              {DIMENSIONS.map((d) => (
                <Membership key={d} fairness={fairness} dimension={d} />
              ))}
            </section>
            <section aria-labelledby="denials">
              <h2 id="denials">{t('fairness.denialsTitle')}</h2>
              {DIMENSIONS.map((d) => (
                <Denials key={d} fairness={fairness} dimension={d} />
              ))}
            </section>
          </>
        )}
      </Show>
    </>
  );
}
