// Documents (catalogues, policies) are identified by the SHA-256 of their exact text.
import { createHash } from 'node:crypto';

export function digestOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
