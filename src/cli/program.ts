// The `probity` command line: global options, one file per command, and the one place where
// errors become the `error <Code>: <message>` line and an exit code (interfaces.md).
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { OPERATOR } from '../app/access/caller.js';
import type { ProbityApp } from '../app/probity-app.js';
import { resolveCliSettings, type CliFlags, type CliSettings } from '../config/cli-config.js';
import { DomainError, type DomainErrorCode } from '../core/errors/domain-error.js';
import { inputError, inputProblems } from '../core/text/json-input.js';
import type { CliDeps, CommandContext } from './cli-context.js';
import { registerAgencyAdd } from './commands/agency-add.command.js';
import { registerAudit } from './commands/audit.command.js';
import { registerCatalogValidate } from './commands/catalog-validate.command.js';
import { registerCheck } from './commands/check.command.js';
import { registerCitizen } from './commands/citizen.command.js';
import { registerCluster } from './commands/cluster.command.js';
import { registerDemo } from './commands/demo.command.js';
import { registerIdCheck } from './commands/id-check.command.js';
import { registerImport } from './commands/import.command.js';
import { registerInit } from './commands/init.command.js';
import { registerKey } from './commands/key.command.js';
import { registerObjection } from './commands/objection.command.js';
import { registerPolicy } from './commands/policy.command.js';
import { registerPublish } from './commands/publish.command.js';
import { registerRebuild } from './commands/rebuild.command.js';
import { registerSimulate } from './commands/simulate.command.js';
import { registerTick } from './commands/tick.command.js';
import { registerVerify } from './commands/verify.command.js';
import { registerRecordEvent } from './commands/record-event.command.js';
import { registerScore } from './commands/score.command.js';
import { registerSeed } from './commands/seed.command.js';
import { registerServe } from './commands/serve.command.js';
import { registerSubjectClose } from './commands/subject-close.command.js';
import { EXIT_OK, EXIT_OTHER, EXIT_USAGE, exitCodeFor } from './exit-codes.js';

/** The version of this build, from the package.json two levels above src/cli/ (or dist/cli/). */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/** The command being run, as the audit log names it (set before its action runs). */
interface RunningCommand {
  readonly command: string;
  readonly subject: string;
}

/** `agency rotate` for `probity agency rotate ...`: the command's names below the program's. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * The subject a command names, from its declared arguments: an `<identifier>` as given (filed
 * under its canonical form by the audit log), an `<id>` as `<group>:<id>` (`agency:court-1`,
 * `objection:12`), a `<recordId>` as `record:<id>`; '' when it names none.
 */
export function commandSubject(command: Command): string {
  const args = command.registeredArguments;
  for (const [i, arg] of args.entries()) {
    const value: unknown = command.processedArgs[i];
    if (typeof value !== 'string' || value === '') continue;
    if (arg.name() === 'identifier') return value;
    if (arg.name() === 'recordId') return `record:${value}`;
    if (arg.name() === 'id' && command.parent?.parent) return `${command.parent.name()}:${value}`;
  }
  return '';
}

/** The program: its global options and every command (the tests enumerate them from here). */
export function buildProgram(ctx: CommandContext): Command {
  const { deps } = ctx;
  const program = new Command('probity')
    .description(
      "Probity: a city's public credit records, scores, lists and joint measures, with due process",
    )
    .option(
      '--db <path-or-url>',
      'SQLite file or postgres:// URL (default: $PROBITY_DATABASE_URL, else ./data/probity.db)',
    )
    .option(
      '--key-file <path>',
      "the authority's signing key (default: $PROBITY_KEY_FILE, else authority-key.pem beside the ledger)",
    )
    .version(packageVersion(), '-V, --version', 'print the version of probity')
    .option('--json', 'machine-readable output on stdout')
    .option(
      '--now <instant>',
      'fix the clock of this command (default: $PROBITY_NOW, else the system clock)',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => deps.stdout.write(text),
      writeErr: (text) => deps.stderr.write(text),
      outputError: () => undefined,
    })
    .showHelpAfterError(false);
  registerIdCheck(program, ctx);
  registerInit(program, ctx);
  registerAgencyAdd(program, ctx);
  registerCatalogValidate(program, ctx);
  registerImport(program, ctx);
  registerPolicy(program, ctx);
  registerSeed(program, ctx);
  registerScore(program, ctx);
  registerRecordEvent(program, ctx);
  registerObjection(program, ctx);
  registerRebuild(program, ctx);
  registerTick(program, ctx);
  registerSimulate(program, ctx);
  registerCheck(program, ctx);
  registerSubjectClose(program, ctx);
  registerServe(program, ctx);
  registerDemo(program, ctx);
  registerPublish(program, ctx);
  registerVerify(program, ctx);
  registerAudit(program, ctx);
  registerKey(program, ctx);
  registerCitizen(program, ctx);
  registerCluster(program, ctx);
  return program;
}

export async function runProgram(argv: readonly string[], deps: CliDeps): Promise<number> {
  let exitCode = EXIT_OK;
  let json = argv.includes('--json');
  let running: RunningCommand | undefined;
  const ctx: CommandContext = {
    deps,
    settings(flags: CliFlags): CliSettings {
      const settings = resolveCliSettings(flags, deps.env, deps.systemNow);
      json = settings.json;
      return settings;
    },
    async withApp<T>(settings: CliSettings, work: (app: ProbityApp) => Promise<T>): Promise<T> {
      const opened = await deps.openApp(settings.database, settings.now, {
        keyFile: settings.keyFile,
        fixedClock: settings.fixedClock,
        portalUrl: settings.portalUrl,
        snapshotFile: settings.snapshotFile,
      });
      try {
        // Every command that opens the store is audited once it has run, accepted or refused
        // (app/audit/operator-command-audit.ts): here, so that no command can forget it.
        let result: T;
        try {
          result = await work(opened.app);
        } catch (error) {
          if (running)
            await opened.app
              .auditOperatorCommand(OPERATOR, { ...running, error })
              .catch(() => undefined); // the command's own error is the one to report
          throw error;
        }
        if (running) await opened.app.auditOperatorCommand(OPERATOR, running);
        return result;
      } finally {
        await opened.close();
      }
    },
    printJson: (value) => deps.stdout.write(`${JSON.stringify(value)}\n`),
    print: (text) => deps.stdout.write(`${text}\n`),
    setExitCode: (code) => {
      exitCode = code;
    },
  };

  const program = buildProgram(ctx).hook('preAction', (_program, command) => {
    running = { command: commandPath(command), subject: commandSubject(command) };
  });

  try {
    // Arguments are a door too: text no store can hold (a NUL, a lone surrogate) is refused here.
    const unstorable = inputProblems([...argv], 'argv');
    if (unstorable.length > 0) throw inputError(unstorable);
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, json, deps);
  }
}

function reportError(error: unknown, json: boolean, deps: CliDeps): number {
  let code: DomainErrorCode;
  let message: string;
  let details: DomainError['details'] = [];
  let exit: number;
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return EXIT_OK; // --help, --version
    code = 'UsageError';
    message = error.message.replace(/^error: /, '');
    exit = EXIT_USAGE;
  } else if (error instanceof DomainError) {
    ({ code, message, details } = error);
    exit = exitCodeFor(code);
  } else {
    code = 'Internal';
    message = error instanceof Error ? error.message : String(error);
    exit = EXIT_OTHER;
  }
  if (json) {
    deps.stderr.write(`${JSON.stringify({ error: { code, message, details } })}\n`);
  } else {
    deps.stderr.write(`error ${code}: ${message}\n`);
    for (const d of details.slice(0, 50))
      deps.stderr.write(`  ${d.path || '(document)'}: ${d.code}: ${d.message}\n`);
    if (details.length > 50) deps.stderr.write(`  ...and ${details.length - 50} more\n`);
  }
  return exit;
}
