// Progress for long commands. On a terminal, a bar with its ETA. Off a terminal (scripts, CI, a
// seed of the whole city run under nohup), a plain line on stderr at most every half minute, so a
// job of an hour says where it is without flooding a log; a short job prints nothing at all.
import cliProgress from 'cli-progress';
import type { Output } from './cli-context.js';

export interface Progress {
  update(value: number): void;
  stop(): void;
}

/** Where progress goes: the terminal test is on stdout, the output itself on stderr. */
export interface ProgressOutputs {
  readonly stdout: Output;
  readonly stderr: Output;
}

/** How often a line is written off a terminal; a clock to read (tests pass their own). */
export interface ProgressLogOptions {
  readonly intervalMs?: number;
  readonly now?: () => number;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

export const PROGRESS_LOG_INTERVAL_MS = 30_000;

export function startProgress(
  outputs: ProgressOutputs,
  label: string,
  total: number,
  unit: string,
  logOptions: ProgressLogOptions = {},
): Progress {
  if (total <= 0) return SILENT;
  if (!outputs.stdout.isTTY) return progressLog(outputs.stderr, label, total, unit, logOptions);
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted} (eta {eta_formatted})`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (value) => bar.update(Math.min(value, total)),
    stop: () => bar.stop(),
  };
}

/** `1h 05m`, `4m 10s`, `12s`: an ETA a person reads at a glance. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

function progressLog(
  stderr: Output,
  label: string,
  total: number,
  unit: string,
  options: ProgressLogOptions,
): Progress {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? PROGRESS_LOG_INTERVAL_MS;
  const started = now();
  let lastLine = started;
  let value = 0;
  let logged = false;
  const line = (at: number): string => {
    const elapsed = at - started;
    const rate = elapsed > 0 ? (value * 1000) / elapsed : 0;
    const eta =
      value > 0 && value < total ? formatDuration(((total - value) * elapsed) / value) : '';
    const percent = ((100 * value) / total).toFixed(1);
    return (
      `${label}: ${value}/${total} ${unit} (${percent} %), ${Math.round(rate)} ${unit}/s, ` +
      `${formatDuration(elapsed)} so far${eta === '' ? '' : `, about ${eta} to go`}\n`
    );
  };
  return {
    update: (v) => {
      value = Math.min(v, total);
      const at = now();
      if (at - lastLine < interval) return;
      lastLine = at;
      logged = true;
      stderr.write(line(at));
    },
    // The last word only from a job that said something: a short job stays silent.
    stop: () => {
      if (logged) stderr.write(line(now()));
    },
  };
}
