// `probity serve [--port 8080] [--host 127.0.0.1]`: runs the HTTP API until SIGTERM/SIGINT. The
// server itself is wired by the composition root (src/main/server.ts); the CLI only asks for it.
import type { Command } from 'commander';
import { DomainError } from '../../core/errors/domain-error.js';
import type { CommandContext, ServeRequest } from '../cli-context.js';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';

export function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new DomainError('UsageError', `--port "${text}" is not a port number`);
  return port;
}

/** Whether the clock of this command was fixed (--now or $PROBITY_NOW). */
export function clockIsFixed(ctx: CommandContext, flags: { now?: string | undefined }): boolean {
  return flags.now !== undefined || Boolean(ctx.deps.env.PROBITY_NOW);
}

/** Asks the composition root for the server (absent in harnesses that provide none). */
export function serveWith(ctx: CommandContext, request: ServeRequest): Promise<void> {
  const serve = ctx.deps.serve;
  if (!serve) throw new DomainError('UsageError', 'this build of probity has no HTTP server');
  return serve(request);
}

export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('run the HTTP API (OpenAPI at /openapi.json, reference at /docs)')
    .option('--port <port>', 'port to listen on (0: any free port)', String(DEFAULT_PORT))
    .option('--host <host>', 'address to listen on', DEFAULT_HOST)
    .action(async (opts: { port: string; host: string }, cmd: Command) => {
      const flags = cmd.optsWithGlobals<{ now?: string; db?: string; json?: boolean }>();
      const settings = ctx.settings(flags);
      await serveWith(ctx, {
        database: settings.database,
        host: opts.host,
        port: parsePort(opts.port),
        fixedNow: clockIsFixed(ctx, flags) ? settings.now : undefined,
        onListening: (url) => {
          if (settings.json)
            ctx.printJson({ url, docs: `${url}/docs`, openapi: `${url}/openapi.json` });
          else
            ctx.print(
              `Probity API on ${url} (reference: ${url}/docs, OpenAPI: ${url}/openapi.json)`,
            );
        },
      });
    });
}
