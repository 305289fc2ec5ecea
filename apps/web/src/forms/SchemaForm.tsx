import './SchemaForm.css';
import { useMemo } from 'react';
import { FormContext, type FormContextValue } from './context';
import type { JsonSchema } from './json-schema';
import { FieldSuggestions } from './RuleBuilder';
import { SchemaField } from './SchemaField';
import { type FieldErrors, validateValue } from './validate';

export interface SchemaFormProps extends Omit<FormContextValue, 'errors' | 'disabled'> {
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  /** Problems found elsewhere (the compiler), by path relative to the value; shown beside local checks. */
  errors?: FieldErrors;
  disabled?: boolean;
}

/**
 * A form generated from a JSON Schema: text, numbers, switches, pick lists, nested groups, lists
 * of items, choices between shapes, and the rule builder for conditions. Any node type, including
 * a plugin's, gets a working form from its config schema alone.
 */
export function SchemaForm({
  schema,
  value,
  onChange,
  errors,
  disabled = false,
  idPrefix,
  stages,
  fieldSuggestions,
  variables,
  renderPreview,
}: SchemaFormProps) {
  const local = useMemo(() => validateValue(schema, value, schema), [schema, value]);
  const merged = useMemo(() => ({ ...local, ...errors }), [local, errors]);
  const shared = useMemo<FormContextValue>(
    () => ({ idPrefix, stages, fieldSuggestions, variables, renderPreview, disabled, errors: merged }),
    [idPrefix, stages, fieldSuggestions, variables, renderPreview, disabled, merged],
  );
  return (
    <FormContext.Provider value={shared}>
      <div className="schema-form">
        <SchemaField schema={schema} root={schema} path={[]} label="" value={value} onChange={onChange} />
        <FieldSuggestions />
      </div>
    </FormContext.Provider>
  );
}
