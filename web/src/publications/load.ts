// Reading publications through the typed client.
import { api, ApiError, unwrap } from '../api/client';
import type { PublicationDelta } from './types';

/** The index of publications, the first page's data (server-rendered with it). */
export const INDEX_PATH = '/v1/publications';

export function loadIndex() {
  return unwrap(api.GET(INDEX_PATH));
}

export function loadVersion(list: string, version: number) {
  return unwrap(
    api.GET('/v1/publications/{list}/{version}', { params: { path: { list, version } } }),
  );
}

export function loadKey() {
  return unwrap(api.GET('/v1/publications/key'));
}

/** A file of a version, as the exact text published. */
export async function loadFileText(list: string, version: number, name: string): Promise<string> {
  const { data, response } = await api.GET('/v1/publications/{list}/{version}/files/{name}', {
    params: { path: { list, version, name } },
    parseAs: 'text',
  });
  if (!response.ok || data === undefined) {
    throw new ApiError(response.status, `HTTP${response.status}`, response.statusText);
  }
  return data;
}

export async function loadDelta(list: string, version: number): Promise<PublicationDelta> {
  return JSON.parse(
    await loadFileText(list, version, `v${version}.delta.json`),
  ) as PublicationDelta;
}

/** The address of a file of a version, for a download link. */
export function fileUrl(list: string, version: number, name: string): string {
  return `/v1/publications/${encodeURIComponent(list)}/${version}/files/${encodeURIComponent(name)}`;
}
