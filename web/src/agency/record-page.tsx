// Submitting one record with a form generated from the catalogue in force
// (GET /v1/public/documents): the categories the agency may submit (GET /v1/agency/me, the rule
// the records door enforces), and for the one chosen its fields with their types and bounds,
// labels in the page's language. The API's answer is shown as it is: 201
// accepted or duplicate, or the refusal with each reason. Below, an event on a record.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Show } from '../app/states';
import { labelFor } from '../i18n/format';
import { isLanguage, type Language } from '../i18n/languages';
import { agencyApi, type RecordResult } from './agency-api';
import { FieldInput, typedFields, type Category } from './category-fields';
import { EventForm } from './event-form';
import { AGENCY_NS } from './i18n/messages';
import { Refusal } from './refusal';
import { useOwnAgency } from './own-agency';

/** The record the form describes: fields typed by the catalogue, empty ones left out. */
function recordOf(
  category: Category,
  base: { sourceRef: string; subject: string; occurredAt: string },
  values: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return { ...base, category: category.id, fields: typedFields(category, values) };
}

function RecordForm({
  categories,
  language,
}: {
  readonly categories: readonly Category[];
  readonly language: Language;
}): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  const [categoryId, setCategoryId] = useState(categories[0]?.id ?? '');
  const [sourceRef, setSourceRef] = useState('');
  const [subject, setSubject] = useState('');
  const [occurredAt, setOccurredAt] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [working, setWorking] = useState(false);
  const [outcome, setOutcome] = useState<
    { readonly result: RecordResult } | { readonly error: unknown } | undefined
  >(undefined);
  const category = categories.find((c) => c.id === categoryId) ?? categories[0];
  if (category === undefined) return null;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (category === undefined) return;
    setWorking(true);
    setOutcome(undefined);
    try {
      const record = recordOf(
        category,
        { sourceRef: sourceRef.trim(), subject: subject.trim().toUpperCase(), occurredAt },
        values,
      );
      const { results } = await agencyApi.submit([record]);
      const result = results[0];
      if (result !== undefined) setOutcome({ result });
    } catch (error) {
      setOutcome({ error });
    } finally {
      setWorking(false);
    }
  }

  const label = labelFor(language, category);
  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor="agency-category">{t('record.category')}</label>
        <select
          id="agency-category"
          value={category.id}
          aria-describedby="agency-category-hint"
          onChange={(e) => {
            setCategoryId(e.target.value);
            setValues({});
          }}
        >
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {labelFor(language, c)} ({c.id})
            </option>
          ))}
        </select>
        <p id="agency-category-hint" className="hint">
          {t('record.categoryHint', {
            basis: category.legalBasis,
            subjects: category.subjects
              .map((kind) => t(`record.subjectKind.${kind}`, { defaultValue: kind }))
              .join(t('record.subjectKindSeparator')),
          })}
        </p>
      </div>
      <div className="field">
        <label htmlFor="agency-source-ref">{t('record.sourceRef')}</label>
        <input
          id="agency-source-ref"
          required
          spellCheck={false}
          aria-describedby="agency-source-ref-hint"
          value={sourceRef}
          onChange={(e) => setSourceRef(e.target.value)}
        />
        <p id="agency-source-ref-hint" className="hint">
          {t('record.sourceRefHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="agency-subject">{t('record.subject')}</label>
        <input
          id="agency-subject"
          required
          spellCheck={false}
          autoCapitalize="characters"
          maxLength={18}
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="agency-occurred-at">{t('record.occurredAt')}</label>
        <input
          id="agency-occurred-at"
          type="date"
          required
          value={occurredAt}
          onChange={(e) => setOccurredAt(e.target.value)}
        />
      </div>
      {category.fields.length > 0 && (
        <fieldset>
          <legend>{t('record.fieldsTitle', { category: label })}</legend>
          {category.fields.map((field) => (
            <FieldInput
              key={`${category.id}.${field.name}`}
              field={field}
              value={values[field.name] ?? ''}
              onChange={(value) => setValues((v) => ({ ...v, [field.name]: value }))}
            />
          ))}
        </fieldset>
      )}
      <p>
        <button type="submit" disabled={working}>
          {working ? t('record.working') : t('record.submit')}
        </button>
      </p>
      {outcome !== undefined &&
        ('result' in outcome ? (
          <p className="state" role="status">
            {t(outcome.result.status === 'accepted' ? 'record.accepted' : 'record.duplicate', {
              id: outcome.result.id,
              sourceRef: outcome.result.sourceRef,
            })}
          </p>
        ) : (
          <Refusal error={outcome.error} />
        ))}
    </form>
  );
}

export function RecordPage(): ReactNode {
  const { t, i18n } = useTranslation(AGENCY_NS);
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'en';
  const own = useOwnAgency();
  return (
    <section aria-labelledby="agency-record-title">
      <h1 id="agency-record-title">{t('record.title')}</h1>
      <p className="lead">{t('record.intro')}</p>
      <Show loaded={own}>
        {({ me, categories }) =>
          categories.length === 0 ? (
            <p className="state state-empty">{t('record.noCategory', { kind: me.kind })}</p>
          ) : (
            <RecordForm categories={categories} language={language} />
          )
        }
      </Show>
      <EventForm />
    </section>
  );
}
