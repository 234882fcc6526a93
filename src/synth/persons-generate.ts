// The synthetic city's residents, kept in columns (one array per attribute) so that a million of
// them cost a few tens of megabytes. Each gets a district weighted by its 2020 population, a
// birth date from Beijing's age pyramid, a sex, a valid resident identity number built by the
// identifiers module, and a name. Numbers never collide: the 3-digit sequence is a counter per
// (district, birth date, sex), odd for men and even for women as GB 11643 prescribes.
import { BEIJING_DISTRICTS, residentIdentityNumber } from '../core/identifiers/index.js';
import { adultFrom } from '../core/subjects/adulthood.js';
import { MS_PER_DAY, instant, type Instant } from '../core/time/instant.js';
import {
  AGE_BAND_PERCENT,
  AGE_BAND_YEARS,
  DISTRICT_POPULATION_THOUSANDS,
  MALE_SHARE,
} from './beijing-population.js';
import { FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, SURNAMES } from './chinese-names.js';
import { WeightedTable, type Random } from './random.js';

export interface SyntheticPersons {
  readonly count: number;
  /** 18-character resident identity numbers, unique. */
  readonly keys: readonly string[];
  readonly names: readonly string[];
  /** Birth dates at 00:00 UTC, as instants. */
  readonly birthDates: Float64Array;
  /** 1 for men, 0 for women (the parity of the identity number's sequence). */
  readonly male: Uint8Array;
  /** Index into BEIJING_DISTRICTS of the place of household registration. */
  readonly districts: Uint8Array;
}

const DAYS_PER_YEAR = 365.2425;
const EPOCH_1900_DAY = Math.floor(Date.UTC(1900, 0, 1) / MS_PER_DAY);
// Sequence numbers 1..998: men take 2k + 1, women 2k + 2, so each sex has 499 per day and place.
const SEQUENCES_PER_SEX = 499;

export const DISTRICT_WEIGHTS = new WeightedTable(
  BEIJING_DISTRICTS.map((d) => DISTRICT_POPULATION_THOUSANDS.get(d.code) ?? 0),
);
const AGE_BANDS = new WeightedTable(AGE_BAND_PERCENT);
const SURNAME_TABLE = new WeightedTable(SURNAMES.map(([, share]) => share));

// Every possible full name, made once, so that a million residents share a few thousand strings.
const MALE_NAMES = SURNAMES.map(([surname]) => MALE_GIVEN_NAMES.map((g) => `${surname} ${g}`));
const FEMALE_NAMES = SURNAMES.map(([surname]) => FEMALE_GIVEN_NAMES.map((g) => `${surname} ${g}`));

export function generatePersons(count: number, now: Instant, random: Random): SyntheticPersons {
  return new PersonGenerator(now, random).next(count);
}

/**
 * Residents in chunks: `next(n)` gives the next n, exactly as one call for all of them would
 * (the same draws in the same order, the identity-number counters kept between chunks), so a
 * city of any size can be generated a chunk at a time (city-stream.ts).
 */
export class PersonGenerator {
  private readonly random: Random;
  private readonly today: number;
  private readonly dayRange: number;
  // Sequences used so far, per (district, birth day since 1900, sex).
  private readonly used: Uint16Array;

  constructor(now: Instant, random: Random) {
    this.random = random;
    this.today = Math.floor(now / MS_PER_DAY);
    this.dayRange = this.today - EPOCH_1900_DAY + 1;
    this.used = new Uint16Array(BEIJING_DISTRICTS.length * this.dayRange * 2);
  }

  next(count: number): SyntheticPersons {
    const persons = this.columns(count);
    const keys = new Array<string>(count);
    for (let i = 0; i < count; i += 1) keys[i] = personKey(persons, i);
    return { ...persons, keys };
  }

  /**
   * The next `count` residents without their identity numbers, which cost most of the time and
   * do not depend on the draws: `personKey` builds one when it is needed (city-stream.ts builds
   * only those of the subjects a window writes).
   */
  columns(count: number): PersonColumns {
    const { random, today, dayRange, used } = this;
    const sequences = new Uint16Array(count);
    const names = new Array<string>(count);
    const birthDates = new Float64Array(count);
    const male = new Uint8Array(count);
    const districts = new Uint8Array(count);
    for (let i = 0; i < count; i += 1) {
      const district = DISTRICT_WEIGHTS.draw(random);
      const sex = random.chance(MALE_SHARE) ? 1 : 0;
      const band = AGE_BANDS.draw(random);
      const ageDays = (band + random.float()) * AGE_BAND_YEARS * DAYS_PER_YEAR;
      let day = Math.max(EPOCH_1900_DAY, Math.min(today, Math.floor(today - ageDays)));
      // A full (district, day, sex) slot only happens in cities of tens of millions; the next
      // earlier day with room is then used.
      let slot = ((district * dayRange + (day - EPOCH_1900_DAY)) << 1) | sex;
      while ((used[slot] ?? 0) >= SEQUENCES_PER_SEX) {
        day = day > EPOCH_1900_DAY ? day - 1 : today;
        slot = ((district * dayRange + (day - EPOCH_1900_DAY)) << 1) | sex;
      }
      const k = used[slot] ?? 0;
      used[slot] = k + 1;
      const sequence = 2 * k + (sex === 1 ? 1 : 2);

      sequences[i] = sequence;
      const surname = SURNAME_TABLE.draw(random);
      const table = sex === 1 ? MALE_NAMES : FEMALE_NAMES;
      const given = table[surname] ?? [];
      names[i] = given[random.int(given.length)] ?? '';
      birthDates[i] = day * MS_PER_DAY;
      male[i] = sex;
      districts[i] = district;
    }
    return { count, names, birthDates, male, districts, sequences };
  }
}

/** Residents in columns, their identity numbers not yet built (`personKey`). */
export type PersonColumns = Omit<SyntheticPersons, 'keys'> & {
  /** The 3-digit sequence of each identity number. */
  readonly sequences: Uint16Array;
};

/** The resident identity number of resident `i`. */
export function personKey(persons: PersonColumns, i: number): string {
  const birth = new Date(persons.birthDates[i] ?? 0);
  const region = BEIJING_DISTRICTS[persons.districts[i] ?? 0]?.code ?? '110101';
  return residentIdentityNumber(
    region,
    { year: birth.getUTCFullYear(), month: birth.getUTCMonth() + 1, day: birth.getUTCDate() },
    persons.sequences[i] ?? 0,
  );
}

/** The instant a person of this birth-date column value turns 18 (core/subjects/adulthood.ts). */
export function eighteenthBirthday(birthDate: number): Instant {
  return adultFrom(instant(birthDate));
}
