// My notices (GET /v1/citizen/notices): each notice's paragraph in the page's language (every
// notice carries both), when it was issued and whether it was delivered.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, Show } from '../app/states';
import { useFormat } from '../i18n/use-format';
import { citizenApi } from './citizen-api';
import { CITIZEN_NS } from './i18n/messages';
import { useCitizen } from './use-citizen';

interface NoticeShape {
  readonly id?: number;
  readonly kind?: string;
  readonly createdAt?: string;
  readonly payload?: { summary?: string; summaries?: Record<string, string> };
  readonly delivery?: { status?: string };
}

export function NoticesPage(): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const format = useFormat();
  const [loaded] = useCitizen(citizenApi.notices);
  return (
    <>
      <h1>{t('notices.title')}</h1>
      <p className="lead">{t('notices.intro')}</p>
      <Show loaded={loaded}>
        {(data) => {
          const notices = data.notices as NoticeShape[];
          if (notices.length === 0) return <Empty>{t('notices.none')}</Empty>;
          return (
            <ul className="cards">
              {notices.map((n, i) => (
                <li key={n.id ?? i} className="card">
                  <h2 className="small">
                    {t(`terms.noticeKinds.${n.kind ?? ''}`, { defaultValue: n.kind ?? '' })}
                  </h2>
                  <p>{n.payload?.summaries?.[format.language] ?? n.payload?.summary ?? n.kind}</p>
                  <p className="hint">
                    {n.createdAt !== undefined &&
                      t('notices.issued', { date: format.dateTime(n.createdAt) })}
                    {' · '}
                    {t('notices.delivery', {
                      status: t(`terms.deliveries.${n.delivery?.status ?? ''}`, {
                        defaultValue: n.delivery?.status ?? '—',
                      }),
                    })}
                  </p>
                </li>
              ))}
            </ul>
          );
        }}
      </Show>
    </>
  );
}
