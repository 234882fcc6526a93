import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { citesInstrument, FORBIDDEN_CLASSES, forbiddenClassesIn, wordsOf } from './index.js';

/** Every English, pinyin and Chinese term of the vocabulary, to tell a literal hit from a general one. */
const LITERAL = new Set(FORBIDDEN_CLASSES.flatMap((c) => [...c.words, ...c.cjk]));

const classesOf = (name: string): string[] => forbiddenClassesIn(name).map((h) => h.forbidden.id);

// [name, class]: the names a careless (or evasive) catalogue author might write. Most are terms
// of the vocabulary; the ones marked `general` are not literally in it and are caught by the rule
// (camelCase/kebab/snake/dots split into words, plural forms, Chinese terms inside longer words).
const FORBIDDEN: readonly (readonly [string, string, 'literal' | 'general'])[] = [
  // English, as listed
  ['religion', 'religion', 'literal'],
  ['ethnicity', 'ethnicity', 'literal'],
  ['gps', 'location', 'literal'],
  ['whereabouts', 'location', 'literal'],
  ['biometrics', 'biometrics', 'literal'],
  ['trade union', 'trade-union', 'literal'],
  ['health', 'health', 'literal'],
  ['sexual orientation', 'sex-life', 'literal'],
  ['relatives', 'social-relations', 'literal'],
  ['social media', 'communications', 'literal'],
  ['political', 'political-opinion', 'literal'],
  ['speech', 'political-opinion', 'literal'],
  ['dissident', 'political-opinion', 'literal'],
  ['faith', 'religion', 'literal'],
  ['mosque', 'religion', 'literal'],
  ['nationality', 'ethnicity', 'literal'],
  ['racial', 'ethnicity', 'literal'],
  ['medical', 'health', 'literal'],
  ['pregnancy', 'health', 'literal'],
  ['disability', 'health', 'literal'],
  ['homosexual', 'sex-life', 'literal'],
  ['unionist', 'trade-union', 'literal'],
  ['genetic', 'biometrics', 'literal'],
  ['dna', 'biometrics', 'literal'],
  ['spouse', 'social-relations', 'literal'],
  ['email', 'communications', 'literal'],
  ['wechat', 'communications', 'literal'],
  ['trajectory', 'location', 'literal'],
  ['geolocation', 'location', 'literal'],
  // English, by the general rule
  ['gpsLocation', 'location', 'general'],
  ['socialMediaPosts', 'communications', 'general'],
  ['religiousAffiliation', 'religion', 'general'],
  ['ethnicities', 'ethnicity', 'general'],
  ['nationalOrigin', 'ethnicity', 'general'],
  ['uyghurs', 'ethnicity', 'general'],
  ['mongolianHerders', 'ethnicity', 'general'],
  ['placeOfBirth', 'ethnicity', 'general'],
  ['partyMembers', 'political-opinion', 'general'],
  ['party_membership_status', 'political-opinion', 'general'],
  ['politicalPartyName', 'political-opinion', 'general'],
  ['TRADE_UNION_ID', 'trade-union', 'general'],
  ['unionMembership', 'trade-union', 'general'],
  ['medicalHistory', 'health', 'general'],
  ['healthStatus', 'health', 'general'],
  ['bloodTypes', 'health', 'general'],
  ['fingerprints', 'biometrics', 'general'],
  ['faceImages', 'biometrics', 'general'],
  ['dnaSample', 'biometrics', 'general'],
  ['familyMembers', 'social-relations', 'general'],
  ['friendsList', 'social-relations', 'general'],
  ['emergencyContacts', 'social-relations', 'general'],
  ['followerCount', 'social-relations', 'general'],
  ['wechatMessages', 'communications', 'general'],
  ['callRecords', 'communications', 'general'],
  ['sms.log', 'communications', 'general'],
  ['chat-history', 'communications', 'general'],
  ['homeLocations', 'location', 'general'],
  ['travel-history-2025', 'location', 'general'],
  ['lastKnownCoordinates', 'location', 'general'],
  ['sexLife', 'sex-life', 'general'],
  ['speechAtRally', 'political-opinion', 'general'],
  ['petitionerStatus', 'political-opinion', 'general'],
  // Chinese, as listed
  ['宗教', 'religion', 'literal'],
  ['信仰', 'religion', 'literal'],
  ['民族', 'ethnicity', 'literal'],
  ['种族', 'ethnicity', 'literal'],
  ['政治面貌', 'political-opinion', 'literal'],
  ['党派', 'political-opinion', 'literal'],
  ['工会', 'trade-union', 'literal'],
  ['健康', 'health', 'literal'],
  ['病历', 'health', 'literal'],
  ['性取向', 'sex-life', 'literal'],
  ['指纹', 'biometrics', 'literal'],
  ['人脸', 'biometrics', 'literal'],
  ['基因', 'biometrics', 'literal'],
  ['社会关系', 'social-relations', 'literal'],
  ['亲属', 'social-relations', 'literal'],
  ['好友', 'social-relations', 'literal'],
  ['通讯录', 'social-relations', 'literal'],
  ['通话', 'communications', 'literal'],
  ['短信', 'communications', 'literal'],
  ['微信', 'communications', 'literal'],
  ['微博', 'communications', 'literal'],
  ['朋友圈', 'communications', 'literal'],
  ['位置', 'location', 'literal'],
  ['定位', 'location', 'literal'],
  ['行踪', 'location', 'literal'],
  ['轨迹', 'location', 'literal'],
  ['籍贯', 'ethnicity', 'literal'],
  ['uyghur', 'ethnicity', 'literal'],
  ['tibetan', 'ethnicity', 'literal'],
  ['汉族', 'ethnicity', 'literal'],
  ['党员', 'political-opinion', 'literal'],
  ['信访', 'political-opinion', 'literal'],
  ['血型', 'health', 'literal'],
  ['虹膜', 'biometrics', 'literal'],
  ['配偶', 'social-relations', 'literal'],
  ['聊天', 'communications', 'literal'],
  // Chinese, by the general rule (a term inside a longer word or sentence)
  ['宗教信仰情况', 'religion', 'general'],
  ['少数民族身份', 'ethnicity', 'general'],
  ['维吾尔族', 'ethnicity', 'general'],
  ['藏族居民', 'ethnicity', 'general'],
  ['健康码状态', 'health', 'general'],
  ['个人病历号', 'health', 'general'],
  ['人脸识别照片', 'biometrics', 'general'],
  ['直系亲属姓名', 'social-relations', 'general'],
  ['手机通话记录', 'communications', 'general'],
  ['出行轨迹', 'location', 'general'],
  ['实时定位信息', 'location', 'general'],
  ['是否中共党员', 'political-opinion', 'general'],
  // pinyin, as listed
  ['zongjiao', 'religion', 'literal'],
  ['minzu', 'ethnicity', 'literal'],
  ['zhengzhi mianmao', 'political-opinion', 'literal'],
  ['dangpai', 'political-opinion', 'literal'],
  ['jiankang', 'health', 'literal'],
  ['weizhi', 'location', 'literal'],
  ['dingwei', 'location', 'literal'],
  ['xingzong', 'location', 'literal'],
  ['shehui guanxi', 'social-relations', 'literal'],
  ['qinshu', 'social-relations', 'literal'],
  ['zongjiao xinyang', 'religion', 'literal'],
  ['gonghui', 'trade-union', 'literal'],
  ['zhiwen', 'biometrics', 'literal'],
  ['renlian', 'biometrics', 'literal'],
  ['jiyin', 'biometrics', 'literal'],
  ['weixin', 'communications', 'literal'],
  ['pengyouquan', 'communications', 'literal'],
  ['tongxunlu', 'social-relations', 'literal'],
  ['xinfang', 'political-opinion', 'literal'],
  // pinyin, by the general rule
  ['zhengzhiMianmao', 'political-opinion', 'general'],
  ['zhengzhimianmao', 'political-opinion', 'general'],
  ['shehui_guanxi_list', 'social-relations', 'general'],
  ['minzuCode', 'ethnicity', 'general'],
  ['jiankangZhuangkuang', 'health', 'general'],
  ['dingweiShuju', 'location', 'general'],
  ['qinshuXingming', 'social-relations', 'general'],
];

// Names and texts that must pass: legal, financial and regulatory words that share letters, words
// or characters with forbidden terms, and every kind of text of the reference catalogue.
const INNOCENT: readonly string[] = [
  'third-party',
  'hanging',
  'innerMongoliaBranch',
  'hanghui',
  '明白',
  'thirdParty',
  'counterparty',
  'partyA',
  'allocation',
  'relocationCost',
  'communion',
  'reunionFee',
  'creditUnionLoan',
  'faceValue',
  'caseNumber',
  'decisionNumber',
  'amount',
  'fine',
  'offence',
  'original-amount',
  'postJudgmentInterest',
  'relativeAmount',
  'generalTier',
  'messenger',
  'contactless-payment',
  'dangerousGoods',
  'unreachable-at-registered-address',
  'Food safety administrative penalty (public health regulator)',
  'Penalty decided by the municipal Health Commission',
  'Medical device administrative penalty',
  'Unpaid blood donation',
  '卫生健康委员会行政处罚',
  '医疗器械经营违法',
  '违约金额',
  '案号',
  '罚款',
  '食品安全行政处罚',
  '通信建设工程质量违法',
  'falseOriginLabelling',
  'country-of-origin-mislabelled',
  'Penalty by the Communications Administration',
  '（2026）京0105执12345号',
];

describe('the C2 vocabulary, read by content', () => {
  it.each(FORBIDDEN)('refuses %j as %s (%s)', (name, forbidden, how) => {
    expect(classesOf(name)).toContain(forbidden);
    expect(LITERAL.has(name)).toBe(how === 'literal');
  });

  it('holds most of the table literally and catches the rest by its general rule', () => {
    const general = FORBIDDEN.filter(([, , how]) => how === 'general').length;
    expect(general).toBeGreaterThan(30);
    expect(FORBIDDEN.length - general).toBeGreaterThan(general);
  });

  it.each(INNOCENT)('lets %j pass', (name) => {
    expect(forbiddenClassesIn(name)).toEqual([]);
  });

  it('covers every class charter C2 forbids, each with terms in English, Chinese and pinyin', () => {
    expect(FORBIDDEN_CLASSES.map((c) => c.id)).toEqual([
      'political-opinion',
      'religion',
      'ethnicity',
      'health',
      'sex-life',
      'trade-union',
      'biometrics',
      'social-relations',
      'communications',
      'location',
    ]);
    for (const c of FORBIDDEN_CLASSES) {
      expect(c.cjk.length, c.id).toBeGreaterThan(0);
      expect(
        c.words.some((w) => /^[a-z]+$/.test(w) && !/[aeiou]{3}/.test(w)),
        c.id,
      ).toBe(true);
      for (const term of c.words) expect(term).toMatch(/^[a-z0-9]+( [a-z0-9]+)*$/);
      for (const term of c.cjk) expect(term.length).toBeGreaterThanOrEqual(2);
    }
    const tableClasses = new Set(FORBIDDEN.map(([, c]) => c));
    expect(tableClasses.size).toBe(FORBIDDEN_CLASSES.length);
  });

  it('reports each class a text names once, in the order of the vocabulary', () => {
    expect(forbiddenClassesIn('religion, ethnicity and religious gps').map((h) => h.term)).toEqual([
      'religion',
      'ethnicity',
      'gps',
    ]);
  });

  it('splits names into words the way catalogue authors write them', () => {
    expect(wordsOf('GPSLocation')).toEqual(['gps', 'location']);
    expect(wordsOf('social_media-posts.v2')).toEqual(['social', 'media', 'posts', 'v', '2']);
    expect(wordsOf('partyMember2025')).toEqual(['party', 'member', '2025']);
  });

  it('finds no forbidden class in any id, label, field name or enum value of the reference catalogue', () => {
    const catalog = parse(readFileSync('policies/catalog.yaml', 'utf8')) as {
      categories: {
        id: string;
        label: string;
        fields?: Record<string, { enum?: string[] }>;
      }[];
    };
    const texts = catalog.categories.flatMap((c) => [
      c.id,
      c.label,
      ...Object.entries(c.fields ?? {}).flatMap(([name, spec]) => [name, ...(spec.enum ?? [])]),
    ]);
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.filter((t) => forbiddenClassesIn(t).length > 0)).toEqual([]);
  });
});

describe('a legal basis cites an instrument', () => {
  it.each([
    ['Civil Code of the PRC, art. 654', true],
    ['SPC Provisions, Fa Shi [2017] No. 7', true],
    ['Regulations on Volunteer Service (State Council Decree No. 685, 2017)', true],
    ['国发〔2016〕33号', true],
    ['《中华人民共和国献血法》第十七条', true],
    ['None', false],
    ['n/a', false],
    ['', false],
    ['law', false],
    ['No. 5', false],
    ['the law, art. 3', false],
  ])('%j: %s', (text, cites) => {
    expect(citesInstrument(text)).toBe(cites);
  });
});
