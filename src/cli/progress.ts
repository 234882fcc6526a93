// A progress bar on a terminal, nothing otherwise (scripts and CI get clean output).
import cliProgress from 'cli-progress';
import type { Output } from './cli-context.js';

export interface Progress {
  update(value: number): void;
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

export function startProgress(
  stdout: Output,
  label: string,
  total: number,
  unit: string,
): Progress {
  if (!stdout.isTTY || total <= 0) return SILENT;
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
