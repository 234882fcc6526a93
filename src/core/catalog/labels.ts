// Labels in other languages (issue 13, item 5): a category of the catalogue, and a rule, a list
// or a measure of the policy, may give its label in Simplified Chinese (and English) beside its
// own, as `labels: { zh-CN: 失信被执行人名单 }`, for the web application and notices to show in
// the reader's language. Optional; a language outside the closed list, or a label that is not
// non-empty text of at most LABEL_MAX_LENGTH characters, is a problem of the document.

export const LABEL_LANGUAGES = ['zh-CN', 'en'] as const;
export type LabelLanguage = (typeof LABEL_LANGUAGES)[number];
export type Labels = Readonly<Partial<Record<LabelLanguage, string>>>;

export const LABEL_MAX_LENGTH = 200;

/**
 * The labels of `value` (absent: undefined), every problem reported through `problem(path,
 * message)`; undefined too when there is one.
 */
export function parseLabels(
  value: unknown,
  path: string,
  problem: (path: string, message: string) => void,
): Labels | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problem(path, `labels must be a mapping of language to label (${LABEL_LANGUAGES.join(', ')})`);
    return undefined;
  }
  const out: Partial<Record<LabelLanguage, string>> = {};
  let ok = true;
  for (const [language, label] of Object.entries(value as Record<string, unknown>)) {
    const at = `${path}.${language}`;
    if (!(LABEL_LANGUAGES as readonly string[]).includes(language)) {
      problem(at, `${language} is not a language of labels (${LABEL_LANGUAGES.join(', ')})`);
      ok = false;
    } else if (
      typeof label !== 'string' ||
      label.trim() === '' ||
      label.length > LABEL_MAX_LENGTH
    ) {
      problem(at, `a label must be non-empty text of at most ${LABEL_MAX_LENGTH} characters`);
      ok = false;
    } else {
      out[language as LabelLanguage] = label;
    }
  }
  return ok ? out : undefined;
}
