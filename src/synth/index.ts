// The synthetic city for demos, tests and benchmarks: deterministic for a seed, realistic in its
// proportions, and valid by construction (identifiers, categories, fields, charter C4).
export {
  generateCity,
  SyntheticCity,
  yearsBefore,
  type CityOptions,
  type SyntheticFulfilment,
  type SyntheticRecord,
  type SyntheticSubject,
} from './city-generate.js';
export { RATE_RULES, rateRuleFor, type RateRule } from './record-rates.js';
export { streamCity, CityStream, type CityItem, type CityStreamTuning } from './city-stream.js';
