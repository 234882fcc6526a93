// Beijing's population as the synthetic city draws it: residents per district and the age
// pyramid, from the Seventh National Population Census (2020) as published by the Beijing
// Municipal Bureau of Statistics (21.89 M permanent residents; 11.9 % aged 0-14, 19.6 % aged 60
// and over, 13.3 % aged 65 and over; 104.9 men per 100 women). Five-year bands inside those
// totals are rounded from the census age table; the city is a shape, not a census.

/** Permanent residents per district in 2020, in thousands, by GB/T 2260 code. */
export const DISTRICT_POPULATION_THOUSANDS: ReadonlyMap<string, number> = new Map([
  ['110101', 708.8], // Dongcheng
  ['110102', 1106.2], // Xicheng
  ['110105', 3452.5], // Chaoyang
  ['110106', 2019.8], // Fengtai
  ['110107', 568.0], // Shijingshan
  ['110108', 3133.5], // Haidian
  ['110109', 392.6], // Mentougou
  ['110111', 1312.8], // Fangshan
  ['110112', 1840.3], // Tongzhou
  ['110113', 1324.0], // Shunyi
  ['110114', 2269.5], // Changping
  ['110115', 1993.6], // Daxing
  ['110116', 441.0], // Huairou
  ['110117', 457.3], // Pinggu
  ['110118', 527.7], // Miyun
  ['110119', 345.8], // Yanqing
]);

/**
 * Share of residents (percent) in each five-year age band, 0-4 first, 100-104 last. Under 18
 * comes to about 14.6 %: low births in the 2000s, a bulge of 30-45-year-olds who came to work,
 * the 1960s baby boom now in their late fifties and sixties, a long thin tail past 90.
 */
export const AGE_BAND_PERCENT: readonly number[] = [
  4.3, 4.6, 3.9, 3.0, 5.0, 8.0, 10.5, 9.5, 8.0, 7.3, 7.0, 6.8, 6.0, 5.3, 3.6, 2.4, 1.7, 1.0, 0.35,
  0.08, 0.01,
];

export const AGE_BAND_YEARS = 5;

/** Share of residents who are men: 104.9 men per 100 women. */
export const MALE_SHARE = 104.9 / 204.9;
