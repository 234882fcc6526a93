// `probity seed --persons N --orgs M [--years Y] [--seed S]`: adds a synthetic city.
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import type { CitySize } from '../../app/ledger/ledger-seed.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { CommandContext } from '../cli-context.js';
import { startProgress, type Progress } from '../progress.js';
import { referenceDocuments } from '../reference-documents.js';

function wholeNumber(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min)
    throw new DomainError(
      'UsageError',
      `${name} must be a whole number of at least ${min}, not "${text}"`,
    );
  return n;
}

/**
 * A progress bar for seeding, drawn once the generator knows its total (shared with `demo`):
 * `onProgress` for the use case, `stop` when it is over.
 */
export function seedProgress(ctx: CommandContext): {
  onProgress: (done: number, total: number) => void;
  stop: () => void;
} {
  let progress: Progress | undefined;
  return {
    onProgress: (done, total) => {
      progress ??= startProgress(ctx.deps.stdout, 'seed', total, 'ledger events');
      progress.update(done);
    },
    stop: () => progress?.stop(),
  };
}

export function registerSeed(program: Command, ctx: CommandContext): void {
  program
    .command('seed')
    .description('add a synthetic city (deterministic for a seed) with demo agencies, one per kind')
    .requiredOption('--persons <n>', 'number of persons (minors included)')
    .requiredOption('--orgs <n>', 'number of organisations')
    .option('--years <n>', 'years of history up to now', '5')
    .option('--seed <n>', 'random seed', '1')
    .action(
      async (
        opts: { persons: string; orgs: string; years: string; seed: string },
        cmd: Command,
      ) => {
        const settings = ctx.settings(cmd.optsWithGlobals());
        const size: CitySize = {
          persons: wholeNumber('--persons', opts.persons, 0),
          organizations: wholeNumber('--orgs', opts.orgs, 0),
          years: wholeNumber('--years', opts.years, 1),
          seed: wholeNumber('--seed', opts.seed, 0),
        };
        // A fresh store is set up with the reference documents first, as `init` would.
        const setUp = await referenceDocuments(ctx);
        const progress = seedProgress(ctx);
        const summary = await ctx.withApp(settings, async (app) => {
          try {
            return await app.seedLedger(OPERATOR, {
              size,
              setUp,
              onProgress: progress.onProgress,
            });
          } finally {
            progress.stop();
          }
        });
        if (settings.json) ctx.printJson(summary);
        else
          ctx.print(
            `seeded ${summary.persons} persons, ${summary.organizations} organisations, ${summary.records} records, ${summary.agencies} agencies`,
          );
      },
    );
}
