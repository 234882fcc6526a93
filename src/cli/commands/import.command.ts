// `probity import <file> --agency <id> [--rejects <file>]`: bulk import of JSON lines or CSV.
import type { Command } from 'commander';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { requireAgency } from '../../app/agencies/agency-find.js';
import { catalogInForce } from '../../app/policy/catalog-in-force.js';
import { openRecordFile } from '../../app/records/record-file.js';
import { importRecords, type ImportRejection } from '../../app/records/record-import.js';
import type { CommandContext } from '../cli-context.js';
import { startProgress } from '../progress.js';

async function writeLine(stream: WriteStream, line: string): Promise<void> {
  if (!stream.write(line)) await once(stream, 'drain');
}

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
      const summary = await ctx.withStore(settings, async (store) => {
        const agency = await requireAgency(store, opts.agency);
        const catalog = await catalogInForce(store);
        const file = await openRecordFile(path);
        const rejects = opts.rejects ? createWriteStream(opts.rejects) : undefined;
        const progress = startProgress(ctx.deps.stdout, 'import', file.size, 'bytes');
        const firstRejections: ImportRejection[] = [];
        try {
          const result = await importRecords(store, catalog, agency, file, settings.now, {
            onRejected: async (r) => {
              if (firstRejections.length < 5) firstRejections.push(r);
              if (rejects) {
                await writeLine(
                  rejects,
                  JSON.stringify({
                    line: r.line,
                    sourceRef: r.sourceRef ?? null,
                    code: r.code,
                    message: r.message,
                    details: r.details,
                  }) + '\n',
                );
              }
            },
            onProgress: (_rows, bytes) => progress.update(bytes),
          });
          return { ...result, firstRejections };
        } finally {
          progress.stop();
          if (rejects) {
            rejects.end();
            await once(rejects, 'finish');
          }
        }
      });
      const { accepted, duplicates, rejected } = summary;
      if (settings.json) ctx.printJson({ accepted, duplicates, rejected });
      else {
        ctx.print(
          `imported ${path} as ${opts.agency}: ${accepted} accepted, ${duplicates} duplicates, ${rejected} rejected`,
        );
        for (const r of summary.firstRejections)
          ctx.print(`  line ${r.line}: ${r.code}: ${r.message}`);
        if (rejected > summary.firstRejections.length)
          ctx.print(
            `  ...${opts.rejects ? ` all rejections are in ${opts.rejects}` : ' use --rejects <file> to keep them all'}`,
          );
      }
    });
}
