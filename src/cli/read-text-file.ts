// Reads a document named on the command line, turning "no such file" into a clear domain error.
import { readFile } from 'node:fs/promises';
import { DomainError } from '../core/errors/domain-error.js';

export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DomainError(
      'FileNotReadable',
      `cannot read "${path}"${code === 'ENOENT' ? ': no such file' : `: ${code ?? 'error'}`}`,
    );
  }
}
