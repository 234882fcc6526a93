// How often each kind of record happens in the synthetic city: expected records per subject-year
// (per adult-year for persons: minors have no records, charter C4), and the share of debts that
// are later paid. The generator matches a category to the first rule below whose pattern fits its
// id, so a catalogue with new categories still gets a city; unmatched ones fall back by polarity
// and tier. Rates are per subject-year, so the record count scales linearly with the city.
//
// Absolute levels are set so that workload S of docs/performance.md (100 000 persons, 10 000
// organisations, 5 years) gives about 500 000 records; the proportions between categories follow
// the sources cited per rule where there is one, and plain judgement
// (utility and payment arrears are the everyday records; court listings are rare) where not.
import type { Category } from '../core/catalog/index.js';

export interface RateRule {
  /** Matched against the category id. */
  readonly pattern: RegExp;
  /** Expected records per adult person per year. */
  readonly person: number;
  /** Expected records per organisation per year. */
  readonly organization: number;
  /** Share of these records (amount-bearing adverse ones only) later marked fulfilled. */
  readonly fulfilledShare?: number;
  readonly basis: string;
}

export const RATE_RULES: readonly RateRule[] = [
  {
    pattern: /^court\.dishonest-debtor$/,
    person: 0.002,
    organization: 0.02,
    fulfilledShare: 0.4,
    basis:
      'SPC and NPCIC figures (China Daily 2018-10-24, SPC white paper 2018, 2019 reports): 13.49 M individuals listed by 2019, about 1.2 % of adults over six years, so about 1 % of adults in 5 years; 3.59 M enterprises blacklisted by 2018 (about a tenth of market entities over the years)',
  },
  {
    pattern: /^court\./,
    person: 0.0001,
    organization: 0.001,
    fulfilledShare: 0.4,
    basis:
      'SPC Provisions on publishing dishonest judgment debtors, art. 1: grounds (2)-(6) (obstruction, evasion, false reports, consumption, settlement) are a small minority of listings',
  },
  {
    pattern: /^utility\.arrears$/,
    person: 0.31,
    organization: 0.7,
    fulfilledShare: 0.55,
    basis:
      'Beijing social credit plan and the Rongcheng schedule: overdue water, power, gas and heating charges are the everyday municipal record; a household late once is usually late again',
  },
  {
    pattern: /^utility\./,
    person: 0.001,
    organization: 0.003,
    fulfilledShare: 0.4,
    basis: 'utility theft (meter tampering): rare',
  },
  {
    pattern: /^commerce\./,
    person: 0.2,
    organization: 0.55,
    fulfilledShare: 0.4,
    basis:
      'platform payment defaults (instalments, rentals): the second everyday record, concentrated in few accounts',
  },
  {
    pattern: /^finance\./,
    person: 0.03,
    organization: 0.05,
    fulfilledShare: 0.4,
    basis:
      'loan and card defaults shared as public credit information: a few per cent of borrowers a year',
  },
  {
    pattern: /^tax\.arrears$/,
    person: 0.01,
    organization: 0.12,
    fulfilledShare: 0.45,
    basis:
      'individual income tax is withheld, so personal arrears are rare; enterprises fall behind far more often',
  },
  {
    pattern: /^tax\.a-grade/,
    person: 0,
    organization: 0.1,
    basis: 'A-grade taxpayer ratings: about a tenth of rated enterprises each year',
  },
  {
    pattern: /^tax\./,
    person: 0.0005,
    organization: 0.01,
    fulfilledShare: 0.4,
    basis: 'major tax violations: about 1 % of enterprises a year',
  },
  {
    pattern: /^police\.aviation/,
    person: 0.00002,
    organization: 0,
    basis:
      'National Public Credit Information Center monthly lists, e.g. +796 air restrictions in Aug 2018: about 10 000 a year for 1.1 bn adults (1e-5 per adult-year), doubled so the demo district has a few',
  },
  {
    pattern: /^police\.rail-safety$/,
    person: 0.00001,
    organization: 0,
    basis:
      'National Public Credit Information Center monthly lists, e.g. +247 rail restrictions in Aug 2018, doubled likewise',
  },
  {
    pattern: /^police\.(rail|drink)/,
    person: 0.002,
    organization: 0,
    fulfilledShare: 0.6,
    basis: 'fare evasion and drink-driving penalties: a few per thousand adults a year',
  },
  {
    pattern: /^police\./,
    person: 0.03,
    organization: 0,
    basis:
      'public-security penalties for offences against persons and property, published under "double publicity" (Credit China, State Council Guofa [2016] No. 33): the third everyday adverse record',
  },
  {
    pattern: /^labour\.wage/,
    person: 0,
    organization: 0.012,
    fulfilledShare: 0.5,
    basis: 'wage-arrears blacklists: about 1 % of employers a year',
  },
  {
    pattern: /^labour\./,
    person: 0,
    organization: 0.05,
    fulfilledShare: 0.5,
    basis: 'social-insurance contribution arrears: common among small employers',
  },
  {
    pattern: /^environment\.penalty$/,
    person: 0.0005,
    organization: 0.03,
    basis: 'environmental penalties: a few per cent of enterprises a year',
  },
  {
    pattern: /^environment\./,
    person: 0,
    organization: 0.002,
    basis: 'continuous daily penalties: the rare serious environmental cases',
  },
  {
    pattern: /^food-safety\./,
    person: 0.002,
    organization: 0.04,
    basis:
      'food-safety penalties: concentrated in catering and food retail, some on individual vendors',
  },
  {
    pattern: /^market\.abnormal/,
    person: 0,
    organization: 0.15,
    fulfilledShare: 0.6,
    basis:
      'the "abnormal operations" list: 10-15 % of market entities miss the annual report each year; most file later',
  },
  {
    pattern: /^(market|registry)\./,
    person: 0.0003,
    organization: 0.002,
    basis: 'false registrations: rare',
  },
  {
    pattern: /volunteer/,
    person: 0.36,
    organization: 0,
    basis:
      'Beijing counts about 4.6 M registered volunteers (a fifth of residents); each record certifies the hours served over a period (2 to 200, median 20), so active volunteers have one or two a year',
  },
  {
    pattern: /blood/,
    person: 0.02,
    organization: 0,
    basis: 'Beijing collects about 400 000 unpaid donations a year for 22 M residents',
  },
  {
    pattern: /honou?r|commend|award/,
    person: 0.002,
    organization: 0.02,
    basis: 'civic honours: rare for persons, more common for organisations',
  },
];

/** Rates for categories no rule matches, by polarity and tier. */
const FALLBACK: Record<'minor' | 'general' | 'serious' | 'favourable', RateRule> = {
  minor: {
    pattern: /./,
    person: 0.01,
    organization: 0.05,
    fulfilledShare: 0.4,
    basis: 'unlisted minor adverse category',
  },
  general: {
    pattern: /./,
    person: 0.003,
    organization: 0.02,
    fulfilledShare: 0.4,
    basis: 'unlisted general adverse category',
  },
  serious: {
    pattern: /./,
    person: 0.0005,
    organization: 0.005,
    fulfilledShare: 0.4,
    basis: 'unlisted serious adverse category',
  },
  favourable: {
    pattern: /./,
    person: 0.01,
    organization: 0.03,
    basis: 'unlisted favourable category',
  },
};

export function rateRuleFor(category: Category): RateRule {
  const rule = RATE_RULES.find((r) => r.pattern.test(category.id));
  if (rule) return rule;
  if (category.polarity === 'favourable') return FALLBACK.favourable;
  return FALLBACK[category.tier ?? 'general'];
}

/**
 * Subjects differ: most people never fall behind on anything while a few do so again and again.
 * Each subject gets a multiplier from these classes (mean 1), one for adverse and one for
 * favourable records, so that with the rates above most people have no adverse record at all.
 */
export const ADVERSE_PROPENSITY = { shares: [0.72, 0.2, 0.08], multipliers: [0.1, 1.5, 7.85] };
export const FAVOURABLE_PROPENSITY = { shares: [0.7, 0.3], multipliers: [0.1, 3.1] };
