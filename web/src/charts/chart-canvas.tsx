// A chart drawn by Chart.js on a canvas (docs/web.md: a well-kept chart library, loaded only by
// the pages that draw one: this module is imported lazily). The canvas is an image with a text
// label; every chart's figures are also in a table beside it.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef, type ReactNode } from 'react';
import { withCountAxis } from './count-axis';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

export interface ChartCanvasProps {
  readonly config: ChartConfiguration<'bar' | 'line'>;
  /** What the chart shows, for those who cannot see it. */
  readonly label: string;
  /**
   * Whether the values are counts (whole-number ticks on the value axis, count-axis.ts); left out:
   * counts when every value is a whole number. A score says false.
   */
  readonly counts?: boolean;
}

export default function ChartCanvas({ config, label, counts }: ChartCanvasProps): ReactNode {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const drawn = withCountAxis(config, counts);
    const chart = new Chart(canvas.current, {
      ...drawn,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        ...drawn.options,
      },
    });
    return () => chart.destroy();
  }, [config, counts]);
  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
