// The formatters of the page's current language, re-rendered when it changes.
import { useTranslation } from 'react-i18next';
import { formatters, type Formatters } from './format';
import { isLanguage } from './languages';

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  return formatters(isLanguage(i18n.language) ? i18n.language : 'en');
}
