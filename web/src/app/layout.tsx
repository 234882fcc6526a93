// The frame of every page: a skip link, the header (the areas of the site and the language
// switch), the page, the footer. Every area added later (citizen portal, agency console,
// authority dashboard) is a child route under this layout (routes.tsx).
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { chooseLanguage, isLanguage, LANGUAGES } from '../i18n/i18n';

const NAV = [
  { to: '/', key: 'nav.lists', end: true },
  { to: '/how-it-works', key: 'nav.howItWorks', end: false },
  { to: '/transparency', key: 'nav.transparency', end: false },
  { to: '/verify', key: 'nav.verify', end: false },
  { to: '/citizen', key: 'nav.citizen', end: false },
  { to: '/agency', key: 'nav.agency', end: false },
  { to: '/authority', key: 'nav.authority', end: false },
] as const;

function LanguageSwitch(): ReactNode {
  // The language of the instance rendering (the server renders each page with its own).
  const { t, i18n } = useTranslation();
  return (
    <div className="language">
      <label htmlFor="language">{t('language.label')}</label>
      <select
        id="language"
        value={isLanguage(i18n.language) ? i18n.language : 'en'}
        onChange={(event) => {
          const value = event.target.value;
          if (isLanguage(value)) void chooseLanguage(value);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Layout(): ReactNode {
  const { t } = useTranslation();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a navigation, focus moves to the page (screen readers announce it; keyboard users
  // start from its top).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);
  return (
    <>
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="bar">
          <NavLink to="/" className="brand">
            {t('app.name')}
          </NavLink>
          <LanguageSwitch />
        </div>
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {t(item.key)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t('footer.text')}</p>
        <p>
          <a href="/docs">{t('footer.api')}</a>
        </p>
      </footer>
    </>
  );
}
