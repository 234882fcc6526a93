import { describe, expect, it } from 'vitest';
import {
  DATA_CLASSES,
  FORBIDDEN_DATA_CLASSES,
  forbiddenDataClassRule,
  isDataClass,
} from './index.js';

describe('data classes', () => {
  it('allows exactly the closed set of policy.md', () => {
    expect([...DATA_CLASSES]).toEqual([
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
    ]);
    expect(isDataClass('judicial')).toBe(true);
    expect(isDataClass('health')).toBe(false);
  });

  it('forbids none of the allowed classes', () => {
    for (const name of DATA_CLASSES) expect(forbiddenDataClassRule(name)).toBeUndefined();
  });

  it.each([
    ['political-opinion', 'political opinion or speech'],
    ['speech', 'political opinion or speech'],
    ['religion', 'religion or belief'],
    ['belief', 'religion or belief'],
    ['ethnicity', 'ethnicity or origin'],
    ['origin', 'ethnicity or origin'],
    ['health', 'health'],
    ['sex-life', 'sex life or orientation'],
    ['sexual-orientation', 'sex life or orientation'],
    ['trade-union', 'trade-union membership'],
    ['biometric', 'biometric or genetic data'],
    ['genetic', 'biometric or genetic data'],
    ['social-relations', 'social relations/associations (who someone knows, meets or follows)'],
    ['associations', 'social relations/associations (who someone knows, meets or follows)'],
    ['communications', 'communications or social-media content'],
    ['social-media', 'communications or social-media content'],
    ['location', 'location or movement traces'],
    ['movement', 'location or movement traces'],
  ])('forbids %s (charter C2: %s)', (name, rule) => {
    expect(FORBIDDEN_DATA_CLASSES).toContain(name);
    expect(forbiddenDataClassRule(name)).toBe(rule);
  });

  it.each([
    'Political_Opinion',
    'medical records',
    'health-records',
    'gps-traces',
    'religious-affiliation',
    'DNA',
    '宗教',
    'zongjiao',
    'gpsTraces',
    'party-members',
  ])('recognises the variant %s as forbidden', (name) => {
    expect(forbiddenDataClassRule(name)).toBeDefined();
  });

  it('leaves other unknown classes to be refused as unknown', () => {
    expect(forbiddenDataClassRule('lifestyle-points')).toBeUndefined();
  });
});
