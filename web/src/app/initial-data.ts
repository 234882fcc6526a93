// The first page's data, server-rendered (docs/web.md, "Size and speed"): the server renders the
// first page with the API's answers it needs (src/http/web-app.ts asks its own public doors) and
// embeds them in the page as JSON (`<script type="application/json" id="initial-data">`, not
// executed). The client starts from the same answers, so hydration renders exactly what the server
// did, and does not fetch them again. They serve the first render only: once the application has
// hydrated (`forgetInitialData`), every page loads its data as usual.

/** The element holding the embedded answers. */
export const INITIAL_DATA_ID = 'initial-data';

let answers: ReadonlyMap<string, unknown> = new Map();

/** The answers to render with (the server, before each render; the client, once at start). */
export function setInitialData(data: Readonly<Record<string, unknown>>): void {
  answers = new Map(Object.entries(data));
}

/** The embedded answer of a GET of the API (its path and query), if the page holds one. */
export function initialData<T>(path: string): T | undefined {
  return answers.get(path) as T | undefined;
}

export function forgetInitialData(): void {
  answers = new Map();
}

/** The answers embedded in the page, if it was rendered by the server. */
export function readEmbeddedData(doc: Document): Record<string, unknown> | undefined {
  const text = doc.getElementById(INITIAL_DATA_ID)?.textContent;
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** JSON for a `<script type="application/json">`: no `<` can close the element early. */
export function embeddableJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
