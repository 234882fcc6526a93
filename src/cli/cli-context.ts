// What every command receives: its settings, the ports it may open, and where to write. The
// composition root (src/main/cli.ts) builds it; commands never reach for process.* themselves.
import type { LedgerStore } from '../app/ports/ledger-store.js';
import type { CliFlags, CliSettings } from '../config/cli-config.js';
import type { Instant } from '../core/time/instant.js';

export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface CliDeps {
  readonly openStore: (location: string) => Promise<LedgerStore>;
  readonly systemNow: () => Instant;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Where the shipped reference documents live (`policies/`). */
  readonly policiesDir: string;
}

export interface CommandContext {
  readonly deps: CliDeps;
  /** Resolves --db/--now/--json of the command being run (with the program's defaults). */
  settings(flags: CliFlags): CliSettings;
  /** Opens the store, runs `work`, and always closes it. */
  withStore<T>(settings: CliSettings, work: (store: LedgerStore) => Promise<T>): Promise<T>;
  printJson(value: unknown): void;
  print(text: string): void;
  /** The exit code when the command ends normally (e.g. 1 when some input was invalid). */
  setExitCode(code: number): void;
}
