// `probity seed --persons N --orgs M [--years Y] [--seed S]`: adds a synthetic city.
import type { Command } from 'commander';
import { catalogInForce } from '../../app/policy/catalog-in-force.js';
import type { LedgerStore } from '../../app/ports/ledger-store.js';
import { seedCity } from '../../app/ledger/city-seed.js';
import { initStore } from '../../app/ledger/store-init.js';
import { referenceDocuments } from '../reference-documents.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { Instant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';
import { startProgress, type Progress } from '../progress.js';

export interface SeedSize {
  readonly persons: number;
  readonly organizations: number;
  readonly years: number;
  readonly seed: number;
}

function wholeNumber(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min)
    throw new DomainError(
      'UsageError',
      `${name} must be a whole number of at least ${min}, not "${text}"`,
    );
  return n;
}

/** Seeds with a progress bar (drawn once the generator knows its total); shared with `demo`. */
export async function seedWithProgress(
  ctx: CommandContext,
  store: LedgerStore,
  size: SeedSize,
  now: Instant,
) {
  const catalog = await catalogInForce(store);
  let progress: Progress | undefined;
  try {
    return await seedCity(
      store,
      catalog.catalog,
      catalog.version,
      { ...size, now },
      (done, total) => {
        progress ??= startProgress(ctx.deps.stdout, 'seed', total, 'ledger events');
        progress.update(done);
      },
    );
  } finally {
    progress?.stop();
  }
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
        const size: SeedSize = {
          persons: wholeNumber('--persons', opts.persons, 0),
          organizations: wholeNumber('--orgs', opts.orgs, 0),
          years: wholeNumber('--years', opts.years, 1),
          seed: wholeNumber('--seed', opts.seed, 0),
        };
        const summary = await ctx.withStore(settings, async (store) => {
          // A fresh store is set up with the reference documents first, as `init` would.
          if (!(await store.latestCatalog()))
            await initStore(store, await referenceDocuments(ctx), settings.now);
          return seedWithProgress(ctx, store, size, settings.now);
        });
        if (settings.json) ctx.printJson(summary);
        else
          ctx.print(
            `seeded ${summary.persons} persons, ${summary.organizations} organisations, ${summary.records} records, ${summary.agencies} agencies`,
          );
      },
    );
}
