// The synthetic city's organisations, in columns like its residents: registered by market
// regulation (registration authority 9) as enterprises, individual businesses or farmers'
// cooperatives, in a district (or by the municipal bureau), with a valid unified social credit
// code whose inner GB 11714 organisation code is valid too, and a plausible English name.
//
// Codes never collide: the organisation code is the organisation's ordinal passed through a
// bijection of its code space (an affine map modulo the space's size, with a multiplier prime to
// it), in the post-2015 "MA" + 6 symbols form or the older 8-digit form.
import { BEIJING_DISTRICTS, socialCreditCode } from '../core/identifiers/index.js';
import { WeightedTable, type Random } from './random.js';

export interface SyntheticOrganizations {
  readonly count: number;
  /** 18-character unified social credit codes, unique. */
  readonly keys: readonly string[];
  readonly names: readonly string[];
  /** Index into BEIJING_DISTRICTS, or MUNICIPAL for the municipal bureau. */
  readonly districts: Uint8Array;
  /** Entity type under authority 9: 1 enterprise, 2 individual business, 3 cooperative. */
  readonly entityTypes: Uint8Array;
}

export const MUNICIPAL = BEIJING_DISTRICTS.length;
const MUNICIPAL_REGION = '110000';

// Approximate shares of registered market entities by district (Beijing market regulation
// statistics, 2022-2023): business clusters in Chaoyang and Haidian, far fewer in the outer hills.
const ENTITY_SHARE_BY_DISTRICT: ReadonlyMap<string, number> = new Map([
  ['110101', 3.6],
  ['110102', 4.4],
  ['110105', 19.5],
  ['110106', 8.6],
  ['110107', 2.4],
  ['110108', 16.0],
  ['110109', 1.3],
  ['110111', 4.5],
  ['110112', 7.2],
  ['110113', 6.0],
  ['110114', 8.2],
  ['110115', 7.0],
  ['110116', 2.6],
  ['110117', 2.3],
  ['110118', 2.9],
  ['110119', 1.5],
]);
const MUNICIPAL_SHARE = 2.0;

const DISTRICT_TABLE = new WeightedTable([
  ...BEIJING_DISTRICTS.map((d) => ENTITY_SHARE_BY_DISTRICT.get(d.code) ?? 0),
  MUNICIPAL_SHARE,
]);

// Enterprises, individual businesses (getihu) and farmers' professional cooperatives, in rough
// proportion for Beijing, where individual businesses are fewer than nationally.
const ENTITY_TYPES = [1, 2, 3] as const;
const ENTITY_TYPE_TABLE = new WeightedTable([70, 27, 3]);

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const NEW_STYLE_SPACE = 31 ** 6;
const OLD_STYLE_SPACE = 10 ** 8;
// Share of codes in the "MA" form (issued since 2015): most organisations alive today.
const NEW_STYLE_SHARE = 0.75;

const BRANDS = [
  'Jinghua',
  'Huaxia',
  'Tianyuan',
  'Hengtai',
  'Xinda',
  'Ruixiang',
  'Dongfang',
  'Jiaxin',
  'Baofeng',
  'Longteng',
  'Zhongxin',
  'Hongyun',
  'Jinqiao',
  'Yuanda',
  'Shengshi',
  'Fuxing',
  'Kaiyuan',
  'Tongda',
  'Huameng',
  'Boya',
  'Chengxin',
  'Yongsheng',
  'Anhe',
  'Taihe',
  'Mingde',
  'Xinghe',
  'Ruida',
  'Jiahe',
  'Zhonghe',
  'Huitong',
  'Guanghua',
  'Jingcheng',
  'Wanfang',
  'Xinyuan',
  'Lianchuang',
  'Hongda',
  'Youlian',
  'Bairui',
  'Tianhe',
  'Shunfa',
];
const INDUSTRIES = [
  'Trading',
  'Technology',
  'Information Technology',
  'Catering Management',
  'Construction Engineering',
  'Property Management',
  'Cultural Media',
  'Logistics',
  'Business Consulting',
  'Decoration Engineering',
  'Pharmaceutical',
  'Food',
  'Education Technology',
  'Auto Parts',
  'Real Estate Brokerage',
  'Advertising',
  'Software',
  'Environmental Technology',
  'Human Resources',
  'Medical Devices',
];
const SHOPS = [
  'Noodle House',
  'Convenience Store',
  'Fruit Shop',
  'Hair Salon',
  'Hardware Store',
  'Bakery',
  'Tea House',
  'Dumpling Restaurant',
  'Tailor',
  'Phone Repair Shop',
  'Grocery',
  'Flower Shop',
];
const PRODUCE = [
  'Fruit',
  'Vegetable',
  'Chestnut',
  'Apple',
  'Peach',
  'Honey',
  'Mushroom',
  'Grain',
  'Pear',
  'Walnut',
];

export function generateOrganizations(count: number, random: Random): SyntheticOrganizations {
  return new OrganizationGenerator(random).next(count);
}

/**
 * Organisations in chunks: `next(n)` gives the next n exactly as one call for all of them would
 * (the code-space bijections are drawn once, the ordinals kept between chunks).
 */
export class OrganizationGenerator {
  private readonly random: Random;
  // One affine bijection per code space, its offset drawn from the seed.
  private readonly newMultiplier: number;
  private readonly newOffset: number;
  private readonly oldMultiplier: number;
  private readonly oldOffset: number;
  private newOrdinal = 0;
  private oldOrdinal = 0;

  constructor(random: Random) {
    this.random = random;
    this.newMultiplier = coprimeMultiplier(random, 31);
    this.newOffset = random.int(NEW_STYLE_SPACE);
    this.oldMultiplier = coprimeMultiplier(random, 10);
    this.oldOffset = random.int(OLD_STYLE_SPACE);
  }

  next(count: number): SyntheticOrganizations {
    const random = this.random;
    const keys = new Array<string>(count);
    const names = new Array<string>(count);
    const districts = new Uint8Array(count);
    const entityTypes = new Uint8Array(count);
    for (let i = 0; i < count; i += 1) {
      const district = DISTRICT_TABLE.draw(random);
      const entityType = ENTITY_TYPES[ENTITY_TYPE_TABLE.draw(random)] ?? 1;
      let organization: string;
      if (random.chance(NEW_STYLE_SHARE)) {
        const v = (this.newOrdinal * this.newMultiplier + this.newOffset) % NEW_STYLE_SPACE;
        this.newOrdinal += 1;
        organization = `MA${base31(v)}`;
      } else {
        const v = (this.oldOrdinal * this.oldMultiplier + this.oldOffset) % OLD_STYLE_SPACE;
        this.oldOrdinal += 1;
        organization = String(v).padStart(8, '0');
      }
      const districtInfo = BEIJING_DISTRICTS[district];
      keys[i] = socialCreditCode({
        authority: '9',
        entityType: String(entityType),
        region: districtInfo?.code ?? MUNICIPAL_REGION,
        organization,
      });
      names[i] = organizationName(entityType, districtInfo?.name, random);
      districts[i] = district;
      entityTypes[i] = entityType;
    }
    return { count, keys, names, districts, entityTypes };
  }
}

function organizationName(
  entityType: number,
  district: string | undefined,
  random: Random,
): string {
  const brand = random.pick(BRANDS);
  switch (entityType) {
    case 2:
      return `${district ?? 'Beijing'} ${brand} ${random.pick(SHOPS)}`;
    case 3:
      return `Beijing ${district ?? ''} ${brand} ${random.pick(PRODUCE)} Farmers' Professional Cooperative`.replace(
        '  ',
        ' ',
      );
    default: {
      const industry = random.pick(INDUSTRIES);
      return district !== undefined && random.chance(0.6)
        ? `Beijing ${district} ${brand} ${industry} Co., Ltd.`
        : `Beijing ${brand} ${industry} Co., Ltd.`;
    }
  }
}

/** A multiplier in [2^20, 2^30) that is prime to `base` (so the affine map is a bijection). */
function coprimeMultiplier(random: Random, base: 10 | 31): number {
  for (;;) {
    const m = 0x100000 + random.int(0x3ff00000);
    if (base === 31 ? m % 31 !== 0 : m % 2 !== 0 && m % 5 !== 0) return m;
  }
}

function base31(v: number): string {
  let text = '';
  let rest = v;
  for (let i = 0; i < 6; i += 1) {
    text = ALPHABET.charAt(rest % 31) + text;
    rest = Math.floor(rest / 31);
  }
  return text;
}
