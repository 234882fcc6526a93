// Shapes of the publication files the pages read as published (src/app/publications/
// publication-format.ts): the API serves them byte for byte, so their types are the format's,
// not the OpenAPI document's (which only says "a file").
import type { paths } from '../api/schema';

export type PublicationIndex =
  paths['/v1/publications']['get']['responses'][200]['content']['application/json'];
export type PublicationVersion =
  paths['/v1/publications/{list}/{version}']['get']['responses'][200]['content']['application/json'];
export type PublishedEntry = PublicationVersion['entries'][number];
export type AuthorityKey =
  paths['/v1/publications/key']['get']['responses'][200]['content']['application/json'];

/** `v<n>.delta.json`: what changed against version n−1 (charter C14). */
export interface PublicationDelta {
  readonly format: string;
  readonly list: string;
  readonly version: number;
  /** null for the first version (everything is `added`). */
  readonly previousVersion: number | null;
  readonly at: string;
  readonly added: readonly PublishedEntry[];
  readonly removed: readonly PublishedEntry[];
  readonly modified: readonly { readonly before: PublishedEntry; readonly after: PublishedEntry }[];
}
