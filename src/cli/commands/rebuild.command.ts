// `probity rebuild [--verify]`: derive everything again from the ledger; with --verify, check it
// subject by subject against the reference evaluator and exit 1 naming the first mismatches.
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import { parseInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';
import { EXIT_INVALID_INPUT } from '../exit-codes.js';
import { startProgress, type Progress } from '../progress.js';

export function registerRebuild(program: Command, ctx: CommandContext): void {
  program
    .command('rebuild')
    .description(
      'rebuild all derived state from the ledger; --verify compares every subject with the reference evaluator',
    )
    .option('--verify', 'recompute every subject independently and compare')
    .option('--at <instant>', 'the instant to score at (default: now)')
    .action(async (opts: { verify?: boolean; at?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const at = opts.at === undefined ? undefined : parseInstant(opts.at, '--at');
      let progress: Progress | undefined;
      const result = await ctx.withApp(settings, async (app) => {
        try {
          return await app.rebuild(OPERATOR, {
            at,
            verify: opts.verify,
            onVerifyProgress: (done, total) => {
              progress ??= startProgress(ctx.deps, 'verify', total, 'subjects');
              progress.update(done);
            },
          });
        } finally {
          progress?.stop();
        }
      });
      const written = result.snapshotWritten;
      if (settings.json)
        ctx.printJson({
          ...result.summary,
          ...(result.verify ? { verify: result.verify } : {}),
          ...(written ? { snapshot: written } : {}),
        });
      else {
        const s = result.summary;
        ctx.print(
          `rebuilt from ${s.events} ledger events (to sequence ${s.lastSeq}) at ${s.at} under ${s.policy}`,
        );
        ctx.print(`  ${s.subjects} subjects (${s.scorable} scorable), ${s.records} records`);
        ctx.print(
          `  grades: ${Object.entries(s.grades)
            .map(([g, n]) => `${g} ${n}`)
            .join(', ')}`,
        );
        ctx.print(
          `  lists: ${Object.entries(s.lists)
            .map(([l, n]) => `${l} ${n}`)
            .join(', ')}`,
        );
        ctx.print(`  next transition: ${s.nextTransition ?? 'none scheduled'}`);
        if (result.verify) {
          const v = result.verify;
          ctx.print(
            `  verify: ${v.subjectsCompared} subjects compared with the reference evaluator, ${v.mismatches} mismatches`,
          );
          for (const e of v.examples)
            ctx.print(`    ${e.subject}: engine ${e.engine}, reference ${e.reference}`);
          const snap = v.snapshot;
          if (snap?.used === false)
            ctx.print(
              `  snapshot ${snap.path}: not used (${snap.reason}); the server would start cold`,
            );
          if (snap?.used === true) {
            ctx.print(
              `  snapshot ${snap.path} (to sequence ${snap.seq}, tail folded): ${snap.subjectsCompared} subjects compared with the cold engine, ${snap.mismatches} mismatches`,
            );
            for (const e of snap.examples)
              ctx.print(`    ${e.subject}: from the snapshot ${e.snapshot}, cold ${e.cold}`);
          }
        }
      }
      if (!settings.json && written !== undefined) {
        ctx.print(
          'failed' in written
            ? `  snapshot ${written.path}: not written (${written.failed})`
            : `  snapshot ${written.path}: written (to sequence ${written.seq}, ${written.bytes} bytes)`,
        );
      }
      const snapshotMismatches = result.verify?.snapshot?.used
        ? result.verify.snapshot.mismatches
        : 0;
      if (result.verify && (result.verify.mismatches > 0 || snapshotMismatches > 0))
        ctx.setExitCode(EXIT_INVALID_INPUT);
    });
}
