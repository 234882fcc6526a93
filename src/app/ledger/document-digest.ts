// Documents (catalogues, policies) are identified by the SHA-256 of their exact text.
import { sha256Hex } from '../sha256.js';

export function digestOf(text: string): string {
  return sha256Hex(text);
}
