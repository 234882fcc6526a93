// The named sizes of the synthetic city, shared by `probity seed --scale` and the benchmarks
// (bench/scales.ts), kept with the settings so that the CLI can check a name before opening
// anything: S is a district, M a large district, L is Beijing (about 22 million
// residents and 2 million organisations, some 100 million records over five years).
import { DomainError } from '../core/errors/domain-error.js';

export const SCALES = {
  S: { persons: 100_000, organizations: 10_000 },
  M: { persons: 1_000_000, organizations: 100_000 },
  L: { persons: 22_000_000, organizations: 2_000_000 },
} as const;

export type ScaleName = keyof typeof SCALES;

export const SCALE_NAMES = Object.keys(SCALES) as ScaleName[];

export function isScaleName(text: string): text is ScaleName {
  return Object.hasOwn(SCALES, text);
}

/** The scale of that name (any case), or a UsageError naming the scales there are. */
export function scaleNamed(text: string): ScaleName {
  const name = text.toUpperCase();
  if (isScaleName(name)) return name;
  throw new DomainError(
    'UsageError',
    `--scale must be one of ${SCALE_NAMES.join(', ')}, not "${text}"`,
  );
}
