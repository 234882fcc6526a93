// A chart and its figures: the chart drawn by the site's chart module (Chart.js, loaded only when
// a chart is shown) with a text label, and every figure also in a table (accessibility).
import { lazy, Suspense, type ReactNode } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { Loading } from '../app/states';
import { useFormat } from '../i18n/use-format';
import { TableWrap } from './table-wrap';

const ChartCanvas = lazy(() => import('../charts/chart-canvas'));

export const COLOURS = ['#1d3557', '#c0392b', '#2a7f62', '#8e5ea2', '#b8860b', '#3c6e9f'];

export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** The figures as a table: the first column names the row, the others are numbers. */
export function FigureTable({
  label,
  table,
}: {
  readonly label: string;
  readonly table: Table;
}): ReactNode {
  const format = useFormat();
  return (
    <TableWrap label={label}>
      <table>
        <caption>{label}</caption>
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={c + String(i)} scope="col" className={i === 0 ? undefined : 'num'}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={String(row[0]) + String(r)}>
              {row.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={i} className="num">
                    {typeof cell === 'number' ? format.number(cell) : cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** A chart alone, for a figure whose table is drawn otherwise (the transition matrix). */
export function ChartOnly({
  label,
  config,
}: {
  readonly label: string;
  readonly config: ChartConfiguration<'bar' | 'line'>;
}): ReactNode {
  return (
    <Suspense fallback={<Loading />}>
      <ChartCanvas config={config} label={label} />
    </Suspense>
  );
}

export function Figure({
  label,
  config,
  table,
  folded,
}: {
  readonly label: string;
  readonly config: ChartConfiguration<'bar' | 'line'>;
  readonly table: Table;
  /** A long table (a row a day) behind a "the figures" disclosure, so the page stays short. */
  readonly folded?: string;
}): ReactNode {
  return (
    <div className="figure">
      <Suspense fallback={<Loading />}>
        <ChartCanvas config={config} label={label} />
      </Suspense>
      {folded === undefined ? (
        <FigureTable label={label} table={table} />
      ) : (
        <details>
          <summary>{folded}</summary>
          <FigureTable label={label} table={table} />
        </details>
      )}
    </div>
  );
}
