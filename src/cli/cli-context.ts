// What every command receives: its settings, the application it may open (never a store), and
// where to write. The composition root (src/main/cli.ts) builds it; commands never reach for
// process.* themselves.
import type { ProbityApp } from '../app/probity-app.js';
import type { CliFlags, CliSettings } from '../config/cli-config.js';
import type { ServerSettings } from '../config/server-config.js';
import type { Instant } from '../core/time/instant.js';
import type { ClusterOps } from './cluster-ops.js';

export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
}

/** What `probity serve` and `probity demo` ask the server's composition root for. */
export interface ServeRequest {
  /** Every server setting, resolved and checked before anything is opened (src/config). */
  readonly settings: ServerSettings;
  /** Called once the server listens, with its base URL. */
  readonly onListening?: (url: string) => void;
  /**
   * Publish every public list once, in the background right after the engine is loaded, when
   * none has ever been published (the demo: its public site shows lists from the start, and its
   * readiness does not wait for a second fold of the ledger to publish them).
   */
  readonly publishIfNone?: boolean;
}

/** The application opened on one store for one command, and how to close it. */
export interface CliApp {
  readonly app: ProbityApp;
  close(): Promise<void>;
}

/** What else opening the application for one command needs to know. */
export interface CliAppOptions {
  /** The authority's signing key file (default: beside the ledger). */
  readonly keyFile?: string | undefined;
  /** Whether `now` was fixed (--now, PROBITY_NOW): a live store then refuses every write. */
  readonly fixedClock?: boolean | undefined;
  /** The citizen portal's address the notices of a write name (PROBITY_PORTAL_URL). */
  readonly portalUrl?: string | undefined;
  /** The server's engine snapshot (PROBITY_SNAPSHOT_FILE); undefined: none (`off`). */
  readonly snapshotFile?: string | undefined;
}

export interface CliDeps {
  /** Opens the application on the store at `location`, with its clock fixed at `now`. */
  readonly openApp: (location: string, now: Instant, options?: CliAppOptions) => Promise<CliApp>;
  readonly systemNow: () => Instant;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Where the shipped reference documents live (`policies/`). */
  readonly policiesDir: string;
  /**
   * Runs the HTTP server until SIGTERM/SIGINT, then shuts it down gracefully. Optional so that
   * harnesses without a server (tests of other commands) need not provide it.
   */
  readonly serve?: (request: ServeRequest) => Promise<void>;
  /** Starts, stops and shows a local cluster (`probity cluster`); optional as `serve` is. */
  readonly cluster?: ClusterOps;
}

export interface CommandContext {
  readonly deps: CliDeps;
  /** Resolves --db/--now/--json of the command being run (with the program's defaults). */
  settings(flags: CliFlags): CliSettings;
  /** Opens the application on the command's store, runs `work`, and always closes it. */
  withApp<T>(settings: CliSettings, work: (app: ProbityApp) => Promise<T>): Promise<T>;
  printJson(value: unknown): void;
  print(text: string): void;
  /** The exit code when the command ends normally (e.g. 1 when some input was invalid). */
  setExitCode(code: number): void;
}
