// The data classes a category may draw on: a closed set fixed in code, not in configuration
// (charter C1). The classes charter C2 forbids are named here too, with the synonyms a catalogue
// author might reach for, so that asking for one is refused as forbidden, citing the charter,
// rather than merely as unknown: the refusal is a rule of the product, not a missing feature.

export const DATA_CLASSES = [
  'judicial',
  'administrative-penalty',
  'tax',
  'utility',
  'financial-contract',
  'commercial-contract',
  'transport-safety',
  'regulatory-compliance',
  'registration',
  'civic-commendation',
] as const;

export type DataClass = (typeof DATA_CLASSES)[number];

const ALLOWED: ReadonlySet<string> = new Set(DATA_CLASSES);

export function isDataClass(name: string): name is DataClass {
  return ALLOWED.has(name);
}

interface ForbiddenGroup {
  /** The words of charter C2 that forbid the group, quoted in messages. */
  readonly rule: string;
  /** Names refused when they are the whole data class (after normalisation). */
  readonly names: readonly string[];
  /** Unambiguous words refused wherever they appear as a word of the class (`health-records`). */
  readonly words: readonly string[];
}

const FORBIDDEN_GROUPS: readonly ForbiddenGroup[] = [
  {
    rule: 'political opinion or speech',
    names: [
      'political-opinion',
      'political-opinions',
      'political-views',
      'political-affiliation',
      'political-activity',
      'party-membership',
      'politics',
      'speech',
      'expression',
      'opinion',
      'opinions',
      'petitioning',
      'protest',
      'dissent',
    ],
    words: ['political', 'politics', 'speech', 'petitioning', 'protest', 'dissent'],
  },
  {
    rule: 'religion or belief',
    names: ['religion', 'religious-belief', 'belief', 'beliefs', 'faith', 'philosophical-belief'],
    words: ['religion', 'religious', 'belief', 'beliefs', 'faith'],
  },
  {
    rule: 'ethnicity or origin',
    names: [
      'ethnicity',
      'ethnic-origin',
      'race',
      'racial-origin',
      'origin',
      'national-origin',
      'place-of-origin',
      'birthplace',
      'nationality',
    ],
    words: ['ethnicity', 'ethnic', 'race', 'racial', 'origin', 'birthplace'],
  },
  {
    rule: 'health',
    names: [
      'health',
      'health-data',
      'medical',
      'medical-records',
      'disability',
      'mental-health',
      'pregnancy',
    ],
    words: ['health', 'medical', 'disability', 'pregnancy', 'diagnosis'],
  },
  {
    rule: 'sex life or orientation',
    names: [
      'sex-life',
      'sexual-life',
      'sexual-orientation',
      'orientation',
      'sexuality',
      'gender-identity',
    ],
    words: ['sexual', 'sexuality'],
  },
  {
    rule: 'trade-union membership',
    names: ['trade-union', 'trade-union-membership', 'union-membership', 'trade-unions'],
    words: [],
  },
  {
    rule: 'biometric or genetic data',
    names: [
      'biometric',
      'biometrics',
      'biometric-data',
      'facial-recognition',
      'face',
      'fingerprint',
      'fingerprints',
      'genetic',
      'genetic-data',
      'dna',
    ],
    words: ['biometric', 'biometrics', 'facial', 'fingerprint', 'fingerprints', 'genetic', 'dna'],
  },
  {
    rule: 'social relations/associations (who someone knows, meets or follows)',
    names: [
      'social-relations',
      'social-relationships',
      'relationships',
      'relatives',
      'family',
      'family-members',
      'associations',
      'association',
      'contacts',
      'friends',
      'social-network',
      'social-graph',
      'followers',
    ],
    words: ['relatives', 'friends', 'contacts', 'associations', 'followers'],
  },
  {
    rule: 'communications or social-media content',
    names: [
      'communications',
      'communication',
      'messages',
      'chat',
      'chats',
      'email',
      'call-records',
      'social-media',
      'posts',
      'online-activity',
      'browsing-history',
      'search-history',
    ],
    words: ['communications', 'messages', 'chat', 'chats', 'browsing'],
  },
  {
    rule: 'location or movement traces',
    names: [
      'location',
      'locations',
      'geolocation',
      'gps',
      'movement',
      'movements',
      'travel-history',
      'trajectory',
      'whereabouts',
    ],
    words: [
      'location',
      'locations',
      'geolocation',
      'gps',
      'movement',
      'movements',
      'trajectory',
      'whereabouts',
    ],
  },
];

/** Every data-class name charter C2 forbids, synonyms included. */
export const FORBIDDEN_DATA_CLASSES: readonly string[] = FORBIDDEN_GROUPS.flatMap((g) => g.names);

/** Lower case, with spaces and underscores as hyphens: `Political_Opinion` is `political-opinion`. */
function normalise(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/**
 * The charter C2 wording that forbids this data class, or undefined when C2 does not name it.
 * A class is forbidden when it is one of the forbidden names, or contains one of their
 * unambiguous words (`health-records`, `gps-traces`).
 */
export function forbiddenDataClassRule(name: string): string | undefined {
  const normalised = normalise(name);
  const words = normalised.split('-');
  for (const group of FORBIDDEN_GROUPS) {
    if (group.names.includes(normalised) || words.some((w) => group.words.includes(w))) {
      return group.rule;
    }
  }
  return undefined;
}
