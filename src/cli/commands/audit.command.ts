// `probity audit archive --before YYYY-MM [--dir <dir>]`: writes every closed month of the audit
// log before the given one (never the current month) as a compressed segment with a signed
// manifest in the archive directory, removes those months from the database only once each
// segment is written, fsynced and read back, and expires the personal content of archived entries
// past their purpose's retention (the use case src/app/audit/audit-archive.ts; docs/audit.md).
// The first run names the directory with --dir and the ledger records it, so that later runs and
// `probity verify` find it. Run it again after a crash: it finishes the job, nothing twice.
// `probity audit read <identifier>`: that subject's entries in the archived months.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import { formatInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';

export function registerAudit(program: Command, ctx: CommandContext): void {
  const audit = program.command('audit').description('the audit log: archive and retention');
  audit
    .command('archive')
    .description(
      'archive every closed month before --before as a signed, chained, compressed segment, and expire archived entries past their retention (docs/audit.md)',
    )
    .requiredOption(
      '--before <YYYY-MM>',
      'archive the months before this one (never the current month)',
    )
    .option(
      '--dir <dir>',
      'the archive directory (the first run records it in the ledger; later runs may leave it out)',
    )
    .action(async (opts: { before: string; dir?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      // Recorded as an absolute path, so that verify finds it from any working directory.
      const dir = opts.dir === undefined ? undefined : resolve(opts.dir);
      const report = await ctx.withApp(settings, (app) =>
        app.archiveAudit(OPERATOR, { before: opts.before, dir }),
      );
      if (settings.json) {
        ctx.printJson(report);
        return;
      }
      ctx.print(`audit archive: ${report.dir}`);
      for (const s of report.archived) {
        ctx.print(
          `  archived ${s.month}: entries ${s.firstSeq}..${s.lastSeq} (${s.entries}) -> ${s.file} (${s.bytes} bytes)`,
        );
      }
      for (const e of report.expired) {
        ctx.print(`  expired ${e.expired} entries of ${e.month} past their retention -> ${e.file}`);
      }
      if (report.archived.length === 0 && report.expired.length === 0)
        ctx.print('  nothing to archive or expire');
      ctx.print(`  ${report.segments} months archived in all`);
    });
  audit
    .command('read')
    .description(
      "a subject's entries in the archived months, each segment checked against its signed manifest (for a request beyond the live months; the read is audited under the subject)",
    )
    .argument('<identifier>', "the subject's identifier")
    .option('--limit <n>', 'the newest entries shown, at most', (v) => Number(v), 1_000)
    .action(async (identifier: string, opts: { limit: number }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const read = await ctx.withApp(settings, (app) =>
        app.readArchivedAudit(OPERATOR, { subject: identifier, limit: opts.limit }),
      );
      if (settings.json) {
        ctx.printJson(read);
        return;
      }
      ctx.print(
        `archived audit entries of ${read.subject}: ${read.matched} in ${read.segments} archived months${read.matched > read.entries.length ? ` (the newest ${read.entries.length} shown)` : ''}`,
      );
      for (const e of read.entries) {
        ctx.print(
          `  ${e.seq}  ${formatInstant(e.at)}  ${e.actor}  ${e.purpose}  ${e.action}  ${e.outcome}`,
        );
      }
    });
}
