// The transparency report of a month (public): the agencies' checks per measure and their
// denials, records per category and agency, objections filed, upheld and overdue per agency,
// repairs granted, and the public lists' sizes over time as published. Charts are drawn by a
// lazily loaded chart module; every figure is also in a table.
import { lazy, Suspense, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import type { paths } from '../api/schema';
import { Empty, Loading, Show } from '../app/states';
import { useApi } from '../app/use-api';
import { labelFor } from '../i18n/format';
import { useFormat } from '../i18n/use-format';
import { loadDocuments, type Documents } from '../publications/documents';
import { loadIndex } from '../publications/load';
import type { PublicationIndex } from '../publications/types';

const ChartCanvas = lazy(() => import('../charts/chart-canvas'));

type Report =
  paths['/v1/public/transparency']['get']['responses'][200]['content']['application/json'];

const CHECKS = '#1d3557';
const DENIALS = '#c0392b';
const LINES = ['#1d3557', '#c0392b', '#2a7f62', '#8e44ad', '#d35400', '#2c3e50', '#7f8c8d'];

function loadReport(month: string | undefined) {
  return unwrap(api.GET('/v1/public/transparency', { params: { query: month ? { month } : {} } }));
}

function Totals({ report }: { readonly report: Report }): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const rows = [
    ['checks', report.totals.checks],
    ['denials', report.totals.denials],
    ['records', report.totals.records],
    ['objectionsFiled', report.totals.objectionsFiled],
    ['upheld', report.totals.upheld],
    ['overdue', report.totals.overdue],
    ['repairs', report.totals.repairs],
  ] as const;
  return (
    <dl className="totals">
      {rows.map(([key, value]) => (
        <div key={key}>
          <dt>{t(`transparency.totals.${key}`)}</dt>
          <dd>{format.number(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Checks({
  report,
  docs,
}: {
  readonly report: Report;
  readonly docs: Documents | undefined;
}): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const measures = new Map(docs?.policy.measures.map((m) => [m.id, m]));
  const label = (c: Report['checks'][number]) => {
    const m = measures.get(c.measure);
    return m ? labelFor(format.language, m) : c.label;
  };
  const used = report.checks.filter((c) => c.checks > 0);
  const config = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: used.map(label),
        datasets: [
          {
            label: t('transparency.checks.checks'),
            data: used.map((c) => c.checks),
            backgroundColor: CHECKS,
          },
          {
            label: t('transparency.checks.denials'),
            data: used.map((c) => c.denials),
            backgroundColor: DENIALS,
          },
        ],
      },
      options: { indexAxis: 'y' as const },
    }),
    [report, docs, format.language],
  );
  return (
    <section aria-labelledby="checks">
      <h2 id="checks">{t('transparency.checks.title')}</h2>
      <p>{t('transparency.checks.intro')}</p>
      {used.length === 0 ? (
        <Empty>{t('transparency.checks.none')}</Empty>
      ) : (
        <Suspense fallback={<Loading />}>
          <ChartCanvas config={config} label={t('transparency.checks.chart')} />
        </Suspense>
      )}
      <div className="table-wrap" tabIndex={0}>
        <table>
          <caption>{t('transparency.checks.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('how.measures.measure')}</th>
              <th scope="col" className="num">
                {t('transparency.checks.checks')}
              </th>
              <th scope="col" className="num">
                {t('transparency.checks.denials')}
              </th>
              <th scope="col" className="num">
                {t('transparency.checks.rate')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.checks.map((c) => (
              <tr key={c.measure}>
                <th scope="row">{label(c)}</th>
                <td className="num">{format.number(c.checks)}</td>
                <td className="num">{format.number(c.denials)}</td>
                <td className="num">
                  {c.checks === 0 ? '—' : format.percent(c.denials / c.checks)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Records({
  report,
  docs,
}: {
  readonly report: Report;
  readonly docs: Documents | undefined;
}): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const categories = new Map(docs?.catalog.categories.map((c) => [c.id, c]));
  return (
    <section aria-labelledby="records">
      <h2 id="records">{t('transparency.records.title')}</h2>
      {report.records.length === 0 ? (
        <Empty>{t('transparency.records.none')}</Empty>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <caption>{t('transparency.records.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('transparency.records.category')}</th>
                <th scope="col">{t('transparency.agency')}</th>
                <th scope="col" className="num">
                  {t('transparency.records.records')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.records.map((r) => {
                const c = categories.get(r.category);
                return (
                  <tr key={`${r.category}:${r.agency}`}>
                    <th scope="row">{c ? labelFor(format.language, c) : r.label}</th>
                    <td>{r.agency}</td>
                    <td className="num">{format.number(r.records)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Agencies({ report }: { readonly report: Report }): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="agencies">
      <h2 id="agencies">{t('transparency.agencies.title')}</h2>
      <p>{t('transparency.agencies.intro')}</p>
      {report.agencies.length === 0 ? (
        <Empty>{t('transparency.agencies.none')}</Empty>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <caption>{t('transparency.agencies.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('transparency.agency')}</th>
                <th scope="col" className="num">
                  {t('transparency.totals.records')}
                </th>
                <th scope="col" className="num">
                  {t('transparency.totals.objectionsFiled')}
                </th>
                <th scope="col" className="num">
                  {t('transparency.totals.upheld')}
                </th>
                <th scope="col" className="num">
                  {t('transparency.agencies.rejected')}
                </th>
                <th scope="col" className="num">
                  {t('transparency.agencies.pending')}
                </th>
                <th scope="col" className="num">
                  {t('transparency.totals.overdue')}
                </th>
                <th scope="col" className="num">
                  {t('transparency.totals.repairs')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.agencies.map((a) => (
                <tr key={a.agency}>
                  <th scope="row">
                    {a.name} <span className="hint">({a.agency})</span>
                  </th>
                  <td className="num">{format.number(a.records)}</td>
                  <td className="num">{format.number(a.objectionsFiled)}</td>
                  <td className="num">{format.number(a.upheld)}</td>
                  <td className="num">{format.number(a.rejected)}</td>
                  <td className="num">{format.number(a.pending)}</td>
                  <td className="num">{format.number(a.overdue)}</td>
                  <td className="num">{format.number(a.repairs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Each public list's size at each publication date (the last version published by then). */
function listSeries(index: PublicationIndex): { dates: string[]; sizes: Map<string, number[]> } {
  const dates = [...new Set(index.lists.flatMap((l) => l.versions.map((v) => v.at)))].sort();
  const sizes = new Map<string, number[]>();
  for (const list of index.lists) {
    const versions = [...list.versions].sort((a, b) => a.at.localeCompare(b.at));
    let i = -1;
    sizes.set(
      list.list,
      dates.map((date) => {
        while (i + 1 < versions.length && (versions[i + 1]?.at ?? '') <= date) i += 1;
        return i < 0 ? 0 : (versions[i]?.entries ?? 0);
      }),
    );
  }
  return { dates, sizes };
}

function ListSizes({ docs }: { readonly docs: Documents | undefined }): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const loaded = useApi(loadIndex, []);
  const lists = new Map(docs?.policy.lists.map((l) => [l.id, l]));
  const name = (id: string, fallback: string | null) => {
    const l = lists.get(id);
    return l ? labelFor(format.language, l) : (fallback ?? id);
  };
  return (
    <section aria-labelledby="sizes">
      <h2 id="sizes">{t('transparency.sizes.title')}</h2>
      <p>{t('transparency.sizes.intro')}</p>
      <Show loaded={loaded}>
        {(index) => {
          const { dates, sizes } = listSeries(index);
          if (dates.length === 0) return <Empty>{t('lists.none')}</Empty>;
          const config = {
            type: 'line' as const,
            data: {
              labels: dates.map((d) => format.date(d)),
              datasets: index.lists.map((l, i) => ({
                label: name(l.list, l.label),
                data: sizes.get(l.list) ?? [],
                borderColor: LINES[i % LINES.length],
                backgroundColor: LINES[i % LINES.length],
              })),
            },
          };
          return (
            <>
              <Suspense fallback={<Loading />}>
                <ChartCanvas config={config} label={t('transparency.sizes.chart')} />
              </Suspense>
              <div className="table-wrap" tabIndex={0}>
                <table>
                  <caption>{t('transparency.sizes.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('lists.list')}</th>
                      <th scope="col">{t('lists.asOf')}</th>
                      <th scope="col" className="num">
                        {t('lists.entries')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {index.lists.flatMap((l) =>
                      [...l.versions]
                        .sort((a, b) => a.version - b.version)
                        .map((v) => (
                          <tr key={`${l.list}:${v.version}`}>
                            <th scope="row">{name(l.list, l.label)}</th>
                            <td>{format.date(v.at)}</td>
                            <td className="num">{format.number(v.entries)}</td>
                          </tr>
                        )),
                    )}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </Show>
    </section>
  );
}

export function TransparencyPage(): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? undefined;
  const loaded = useApi(() => loadReport(month), [month]);
  const documents = useApi(loadDocuments, []);
  const docs = documents.state === 'ok' ? documents.data : undefined;
  const [draft, setDraft] = useState(month ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (/^\d{4}-\d{2}$/.test(draft)) setParams({ month: draft });
  };
  return (
    <>
      <h1>{t('transparency.title')}</h1>
      <p className="lead">{t('transparency.intro')}</p>
      <form className="stacked" onSubmit={submit}>
        <div className="field">
          <label htmlFor="month">{t('transparency.month')}</label>
          <input
            id="month"
            type="month"
            value={draft || (loaded.state === 'ok' ? loaded.data.month : '')}
            onChange={(event) => setDraft(event.target.value)}
          />
        </div>
        <button type="submit">{t('transparency.show')}</button>
      </form>
      <Show loaded={loaded}>
        {(report) => (
          <>
            <h2 className="month-title">
              {t('transparency.of', { month: format.month(report.month) })}
            </h2>
            <p className="hint">
              {report.complete
                ? t('transparency.complete')
                : t('transparency.incomplete', { asOf: format.dateTime(report.asOf) })}
            </p>
            <Totals report={report} />
            <Checks report={report} docs={docs} />
            <Records report={report} docs={docs} />
            <Agencies report={report} />
          </>
        )}
      </Show>
      <ListSizes docs={docs} />
    </>
  );
}
