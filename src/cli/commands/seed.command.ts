// `probity seed --scale S|M|L | --persons N --orgs M [--years Y] [--seed S]`: adds a synthetic city,
// generated as a stream in bounded memory whatever its size.
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import type { CitySize } from '../../app/ledger/ledger-seed.js';
import { SCALES, SCALE_NAMES, scaleNamed } from '../../config/city-scales.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { CommandContext } from '../cli-context.js';
import { PROGRESS_LOG_INTERVAL_MS, startProgress, type Progress } from '../progress.js';
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
 * Progress for seeding, started once the generator knows its total (shared with `demo`):
 * `onProgress` for the use case, `stop` when it is over. A long seed also says when every event
 * is written and the ledger's indexes are being built, which takes minutes for a whole city and
 * would otherwise look like a hang.
 */
export function seedProgress(ctx: CommandContext): {
  onProgress: (done: number, total: number) => void;
  stop: () => void;
} {
  let progress: Progress | undefined;
  let started = 0;
  let finished = false;
  return {
    onProgress: (done, total) => {
      if (progress === undefined) started = Date.now();
      progress ??= startProgress(ctx.deps, 'seed', total, 'ledger events');
      progress.update(done);
      if (done < total || finished) return;
      finished = true;
      progress.stop();
      if (Date.now() - started >= PROGRESS_LOG_INTERVAL_MS)
        ctx.deps.stderr.write(
          `seed: all ${total} ledger events written; building the ledger's indexes (minutes for a whole city)\n`,
        );
    },
    stop: () => {
      if (!finished) progress?.stop();
    },
  };
}

export function registerSeed(program: Command, ctx: CommandContext): void {
  program
    .command('seed')
    .description('add a synthetic city (deterministic for a seed) with demo agencies, one per kind')
    .option('--scale <name>', `a named size: ${SCALE_NAMES.join(', ')} (L = Beijing)`)
    .option('--persons <n>', 'number of persons (minors included; overrides the scale)')
    .option('--orgs <n>', 'number of organisations (overrides the scale)')
    .option('--years <n>', 'years of history up to now', '5')
    .option('--seed <n>', 'random seed', '1')
    .action(
      async (
        opts: {
          scale?: string;
          persons?: string;
          orgs?: string;
          years: string;
          seed: string;
        },
        cmd: Command,
      ) => {
        const settings = ctx.settings(cmd.optsWithGlobals());
        // Checked before anything is opened: a bad size writes nothing.
        const scale = opts.scale === undefined ? undefined : SCALES[scaleNamed(opts.scale)];
        if (scale === undefined && (opts.persons === undefined || opts.orgs === undefined))
          throw new DomainError(
            'UsageError',
            `give --scale (${SCALE_NAMES.join(', ')}), or both --persons and --orgs`,
          );
        const size: CitySize = {
          persons:
            opts.persons === undefined
              ? (scale?.persons ?? 0)
              : wholeNumber('--persons', opts.persons, 0),
          organizations:
            opts.orgs === undefined
              ? (scale?.organizations ?? 0)
              : wholeNumber('--orgs', opts.orgs, 0),
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
