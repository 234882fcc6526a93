// `probity import <file> --agency <id> [--rejects <file>]`: bulk import of JSON lines or CSV.
import type { Command } from 'commander';
import type { ImportRejection } from '../../app/records/record-file-import.js';
import type { CommandContext } from '../cli-context.js';
import { startProgress, type Progress } from '../progress.js';
import { openRejectsFile, type RejectsFile } from '../rejects-file.js';

export function registerImport(program: Command, ctx: CommandContext): void {
  program
    .command('import')
    .description(
      'import records (.jsonl or .csv) as an agency; valid rows are written, rejected rows reported; idempotent',
    )
    .argument('<file>', 'records, one per line (.jsonl) or a CSV with a header')
    .requiredOption('--agency <id>', 'the submitting agency')
    .option(
      '--rejects <file>',
      'write rejected rows here as JSON lines with line, sourceRef, code, message',
    )
    .action(async (path: string, opts: { agency: string; rejects?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const firstRejections: ImportRejection[] = [];
      const summary = await ctx.withApp(settings, async (app) => {
        const agency = await app.agencyById(opts.agency);
        let rejects: RejectsFile | undefined;
        let progress: Progress | undefined;
        try {
          return await app.importRecordFile(agency, {
            path,
            onOpened: (file) => {
              if (opts.rejects) rejects = openRejectsFile(opts.rejects);
              progress = startProgress(ctx.deps, 'import', file.size, 'bytes');
            },
            onRejected: async (r) => {
              if (firstRejections.length < 5) firstRejections.push(r);
              await rejects?.write(r);
            },
            onProgress: (_rows, bytes) => progress?.update(bytes),
          });
        } finally {
          progress?.stop();
          await rejects?.close();
        }
      });
      const { accepted, duplicates, rejected } = summary;
      if (settings.json) ctx.printJson({ accepted, duplicates, rejected });
      else {
        ctx.print(
          `imported ${path} as ${opts.agency}: ${accepted} accepted, ${duplicates} duplicates, ${rejected} rejected`,
        );
        for (const r of firstRejections) ctx.print(`  line ${r.line}: ${r.code}: ${r.message}`);
        if (rejected > firstRejections.length)
          ctx.print(
            `  ...${opts.rejects ? ` all rejections are in ${opts.rejects}` : ' use --rejects <file> to keep them all'}`,
          );
      }
    });
}
