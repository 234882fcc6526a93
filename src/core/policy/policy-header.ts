// The identity of a policy document: its id, version and the instant from which it is in force.
// Enough to store and order policy versions; the full policy language is validated by the engine.
import { parse as parseYaml } from 'yaml';
import { isObject } from '../documents/plain-object.js';
import type { Problem } from '../errors/domain-error.js';
import { tryParseInstant, type Instant } from '../time/instant.js';

export interface PolicyHeader {
  readonly id: string;
  readonly version: number;
  readonly effectiveFrom: Instant | undefined;
}

export function readPolicyHeader(
  text: string,
): { ok: true; header: PolicyHeader } | { ok: false; problems: Problem[] } {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: '', code: 'PolicyYamlSyntax', message: (error as Error).message }],
    };
  }
  if (!isObject(doc)) {
    return {
      ok: false,
      problems: [{ path: '', code: 'PolicyNotAnObject', message: 'a policy is a YAML mapping' }],
    };
  }
  const { id, version, effectiveFrom } = doc;
  const problems: Problem[] = [];
  if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(id)) {
    problems.push({
      path: 'id',
      code: 'PolicyMissingField',
      message: 'id (lower-case letters, digits, hyphens) is required',
    });
  }
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    problems.push({
      path: 'version',
      code: 'PolicyMissingField',
      message: 'version (a whole number from 1) is required',
    });
  }
  let from: Instant | undefined;
  if (effectiveFrom !== undefined) {
    const text =
      effectiveFrom instanceof Date
        ? effectiveFrom.toISOString()
        : typeof effectiveFrom === 'string'
          ? effectiveFrom
          : JSON.stringify(effectiveFrom);
    from = tryParseInstant(text);
    if (from === undefined) {
      problems.push({
        path: 'effectiveFrom',
        code: 'PolicyInvalidValue',
        message: `effectiveFrom "${text}" is not an ISO 8601 instant`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    header: { id: id as string, version: version as number, effectiveFrom: from },
  };
}
