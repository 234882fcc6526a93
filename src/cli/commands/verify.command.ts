// `probity verify [--out <dir>]`: checks the audit log's hash chain from its first entry and, once
// publications exist, every publication's files, signature and chain. Exit 0 with the number of
// entries and the head hash (which operators record elsewhere: see audit-chain.ts for why);
// exit 1 naming the first broken link.
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import type { AuditChainBreak, AuditChainHead, AuditChainReport } from '../../app/audit/audit-chain.js';
import { verifyAuditLog } from '../../app/audit/audit-verify.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { CommandContext } from '../cli-context.js';

const DEFAULT_PUBLICATIONS = './data/publications/';

type PublicationsReport = { readonly found: false; readonly dir: string } | { readonly found: true; readonly dir: string };

/**
 * The extension point for the publications issue: it will verify each list's files, signature
 * and chain here (and move to src/app with the publication code). Until then it only reports
 * whether there is anything to verify.
 */
async function verifyPublications(dir: string): Promise<PublicationsReport> {
  const found = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return { found, dir };
}

function describeBreak(b: AuditChainBreak): string {
  switch (b.problem) {
    case 'altered':
      return `entry ${b.seq} was altered: its fields no longer match its hash`;
    case 'missing':
      return `entry ${b.seq} is missing: it was removed from the log`;
    case 'reordered':
      return `entry ${b.seq} is out of order: entries were swapped or moved`;
    case 'hash':
      return `entry ${b.seq} does not chain from entry ${b.seq - 1}: its hash was replaced or an earlier entry rewritten`;
    default: {
      const never: never = b.problem;
      return never;
    }
  }
}

function parseAnchor(text: string): AuditChainHead {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
  if (!match) throw new DomainError('UsageError', `--anchor "${text}" is not <seq>:<64 hex digits>, as \`probity verify\` prints it`);
  return { seq: Number(match[1]), hash: match[2] ?? '' };
}

function auditJson(r: AuditChainReport): Record<string, unknown> {
  return r.ok
    ? { entries: r.entries, head: r.head, ok: true }
    : { entries: r.entries, head: r.head, ok: false, firstBroken: r.firstBroken };
}

export function registerVerify(program: Command, ctx: CommandContext): void {
  program
    .command('verify')
    .description("verify the audit log's hash chain (and the publications, once there are any); name the first broken link")
    .option('--out <dir>', 'where the publications are', DEFAULT_PUBLICATIONS)
    .option('--anchor <seq:hash>', 'an entry and its hash recorded earlier from `probity verify`, which must still be in the log')
    .action(async (opts: { out: string; anchor?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const anchor = opts.anchor === undefined ? undefined : parseAnchor(opts.anchor);
      const audit = await ctx.withStore(settings, (store) => verifyAuditLog(store, anchor));
      const publications = await verifyPublications(opts.out);
      if (settings.json) {
        ctx.printJson({ audit: auditJson(audit) });
      } else {
        ctx.print(`audit log: ${audit.entries} entries, ${audit.ok ? 'chain intact' : 'chain BROKEN'}`);
        ctx.print(`  head ${audit.head}${audit.ok ? ` (entry ${audit.entries})` : ''}`);
        if (audit.ok && audit.entries > 0) {
          ctx.print(`  record "${audit.entries}:${audit.head}" outside Probity; a later \`probity verify --anchor ${audit.entries}:<hash>\` proves the log was not rewritten or cut back since`);
        }
        ctx.print(
          publications.found
            ? `publications: ${publications.dir} (verification comes with the publications)`
            : `publications: no publications (${publications.dir} does not exist)`,
        );
      }
      if (!audit.ok) throw new DomainError('AuditChainBroken', describeBreak(audit.firstBroken));
    });
}
