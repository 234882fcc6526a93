// Small helpers for walking a parsed YAML document (the catalogue, the policy): YAML's empty value
// taken as absent, paths, and values shown in messages for people. Plain-object checks are in
// plain-object.ts.
import type { Obj } from './plain-object.js';

/** An own property, with YAML's empty value (`key:`) taken as absent. */
export function get(obj: Obj, key: string): unknown {
  if (!Object.hasOwn(obj, key)) return undefined;
  const value = obj[key];
  return value === null ? undefined : value;
}

/** A value as a message shows it: strings quoted, anything long cut short. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** The path of `key` under `path` (`categories[3]` + `fields` → `categories[3].fields`). */
export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** The first line of a YAML parser's message (the rest is a code frame). */
export function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}
