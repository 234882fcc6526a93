// GB/T 2260 administrative-division codes that Probity needs: the province-level prefixes that
// open every resident identity number and every social credit code's region, and Beijing's
// districts, which the synthetic-city generator uses to give residents plausible birthplaces.
// Only the province is validated: county codes change every year (districts merge, counties
// become districts), and a number keeps the code that was in force when it was issued, so a
// county-level check would need the full history of the standard to avoid rejecting real people.

export interface RegionCode {
  /** Two digits for a province, six for a county or district. */
  readonly code: string;
  readonly name: string;
  readonly nameZh: string;
}

/** Province-level divisions (provinces, municipalities, autonomous regions, SARs), by code. */
export const PROVINCES: readonly RegionCode[] = [
  { code: '11', name: 'Beijing', nameZh: '北京市' },
  { code: '12', name: 'Tianjin', nameZh: '天津市' },
  { code: '13', name: 'Hebei', nameZh: '河北省' },
  { code: '14', name: 'Shanxi', nameZh: '山西省' },
  { code: '15', name: 'Inner Mongolia', nameZh: '内蒙古自治区' },
  { code: '21', name: 'Liaoning', nameZh: '辽宁省' },
  { code: '22', name: 'Jilin', nameZh: '吉林省' },
  { code: '23', name: 'Heilongjiang', nameZh: '黑龙江省' },
  { code: '31', name: 'Shanghai', nameZh: '上海市' },
  { code: '32', name: 'Jiangsu', nameZh: '江苏省' },
  { code: '33', name: 'Zhejiang', nameZh: '浙江省' },
  { code: '34', name: 'Anhui', nameZh: '安徽省' },
  { code: '35', name: 'Fujian', nameZh: '福建省' },
  { code: '36', name: 'Jiangxi', nameZh: '江西省' },
  { code: '37', name: 'Shandong', nameZh: '山东省' },
  { code: '41', name: 'Henan', nameZh: '河南省' },
  { code: '42', name: 'Hubei', nameZh: '湖北省' },
  { code: '43', name: 'Hunan', nameZh: '湖南省' },
  { code: '44', name: 'Guangdong', nameZh: '广东省' },
  { code: '45', name: 'Guangxi', nameZh: '广西壮族自治区' },
  { code: '46', name: 'Hainan', nameZh: '海南省' },
  { code: '50', name: 'Chongqing', nameZh: '重庆市' },
  { code: '51', name: 'Sichuan', nameZh: '四川省' },
  { code: '52', name: 'Guizhou', nameZh: '贵州省' },
  { code: '53', name: 'Yunnan', nameZh: '云南省' },
  { code: '54', name: 'Tibet', nameZh: '西藏自治区' },
  { code: '61', name: 'Shaanxi', nameZh: '陕西省' },
  { code: '62', name: 'Gansu', nameZh: '甘肃省' },
  { code: '63', name: 'Qinghai', nameZh: '青海省' },
  { code: '64', name: 'Ningxia', nameZh: '宁夏回族自治区' },
  { code: '65', name: 'Xinjiang', nameZh: '新疆维吾尔自治区' },
  { code: '71', name: 'Taiwan', nameZh: '台湾省' },
  { code: '81', name: 'Hong Kong', nameZh: '香港特别行政区' },
  { code: '82', name: 'Macao', nameZh: '澳门特别行政区' },
];

/** Beijing's sixteen districts (GB/T 2260, in force since Miyun and Yanqing became districts in 2015). */
export const BEIJING_DISTRICTS: readonly RegionCode[] = [
  { code: '110101', name: 'Dongcheng', nameZh: '东城区' },
  { code: '110102', name: 'Xicheng', nameZh: '西城区' },
  { code: '110105', name: 'Chaoyang', nameZh: '朝阳区' },
  { code: '110106', name: 'Fengtai', nameZh: '丰台区' },
  { code: '110107', name: 'Shijingshan', nameZh: '石景山区' },
  { code: '110108', name: 'Haidian', nameZh: '海淀区' },
  { code: '110109', name: 'Mentougou', nameZh: '门头沟区' },
  { code: '110111', name: 'Fangshan', nameZh: '房山区' },
  { code: '110112', name: 'Tongzhou', nameZh: '通州区' },
  { code: '110113', name: 'Shunyi', nameZh: '顺义区' },
  { code: '110114', name: 'Changping', nameZh: '昌平区' },
  { code: '110115', name: 'Daxing', nameZh: '大兴区' },
  { code: '110116', name: 'Huairou', nameZh: '怀柔区' },
  { code: '110117', name: 'Pinggu', nameZh: '平谷区' },
  { code: '110118', name: 'Miyun', nameZh: '密云区' },
  { code: '110119', name: 'Yanqing', nameZh: '延庆区' },
];

const PROVINCE_BY_CODE: ReadonlyMap<string, RegionCode> = new Map(
  PROVINCES.map((p) => [p.code, p]),
);

/** The province a code starts with (its first two digits), or undefined when there is none. */
export function provinceOf(code: string): RegionCode | undefined {
  return PROVINCE_BY_CODE.get(code.slice(0, 2));
}
