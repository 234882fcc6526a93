// The inputs of a catalogue category's fields (types, bounds, labels), shared by the record form
// and the objection's "corrected" decision, and the typed values they describe.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Documents } from '../publications/documents';
import { AGENCY_NS } from './i18n/messages';

export type Category = Documents['catalog']['categories'][number];
export type Field = Category['fields'][number];

export function FieldInput({
  field,
  value,
  onChange,
  idPrefix = 'agency-field',
}: {
  readonly field: Field;
  /** Ids are `<idPrefix>-<field name>`: unique on the page. */
  readonly idPrefix?: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
}): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  const id = `${idPrefix}-${field.name}`;
  const hints = [
    field.required ? t('record.required') : undefined,
    field.min !== null && field.max !== null
      ? t('record.bounds', { min: field.min, max: field.max })
      : field.min !== null
        ? t('record.atLeast', { min: field.min })
        : field.max !== null
          ? t('record.atMost', { max: field.max })
          : undefined,
    field.maxLength !== null ? t('record.maxLength', { max: field.maxLength }) : undefined,
    field.type === 'integer' ? t('record.integerHint') : undefined,
  ].filter((h): h is string => h !== undefined);
  const common = {
    id,
    name: field.name,
    required: field.required,
    'aria-describedby': hints.length > 0 ? `${id}-hint` : undefined,
    value,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{fieldLabel(t, field.name)}</label>
      {field.type === 'boolean' ? (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('record.unset')}</option>
          <option value="true">{t('record.yes')}</option>
          <option value="false">{t('record.no')}</option>
        </select>
      ) : field.enum !== null ? (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('record.unset')}</option>
          {field.enum.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      ) : field.type === 'integer' ? (
        <input
          {...common}
          type="number"
          step={1}
          inputMode="numeric"
          min={field.min ?? undefined}
          max={field.max ?? undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          {...common}
          type="text"
          maxLength={field.maxLength ?? undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {hints.length > 0 && (
        <p id={`${id}-hint`} className="hint">
          {hints.join(' · ')}
        </p>
      )}
    </div>
  );
}

/**
 * A field's name in the page's language: the catalogue's fields carry no labels, so the agency
 * messages name the reference catalogue's (`fields.<name>`); a field they do not name keeps its name.
 */
export function fieldLabel(
  t: (key: string, options: { defaultValue: string }) => string,
  name: string,
): string {
  return t(`fields.${name}`, { defaultValue: name });
}

/** A field's value typed by the catalogue: an integer a number, a boolean true/false, else text. */
export function typedValue(field: Field, text: string): unknown {
  const value = text.trim();
  return field.type === 'integer' && /^-?\d+$/.test(value)
    ? Number(value)
    : field.type === 'boolean'
      ? value === 'true'
      : value;
}

/** The form's values typed by the catalogue, empty ones left out. */
export function typedFields(
  category: Category,
  values: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field of category.fields) {
    const value = (values[field.name] ?? '').trim();
    if (value !== '') fields[field.name] = typedValue(field, value);
  }
  return fields;
}
