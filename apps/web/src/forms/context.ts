import { createContext, useContext } from 'react';
import type { FieldErrors } from './validate';

/** What every field of one form shares: ids, errors, and hints from the journey around it. */
export interface FormContextValue {
  idPrefix: string;
  disabled: boolean;
  errors: FieldErrors;
  /** The journey's lifecycle stages, offered wherever a field or rule names a stage. */
  stages?: readonly { id: string; name: string }[];
  /** Field paths suggested in rules, e.g. `profile.plan`. */
  fieldSuggestions?: readonly string[];
  /** Variables offered in message templates, e.g. `profile.first_name`. */
  variables?: readonly string[];
  /** Renders a template for the sample customer; absent when previews are unavailable. */
  renderPreview?: (template: string) => string;
}

export const FormContext = createContext<FormContextValue>({ idPrefix: 'form', disabled: false, errors: {} });

/** The surrounding form's shared context. */
export function useFormContext(): FormContextValue {
  return useContext(FormContext);
}

export type Path = readonly (string | number)[];

/** The dotted key a path has in error maps: `arms.1.weight`. */
export function pathKey(path: Path): string {
  return path.join('.');
}

/** A DOM id for the control at a path, unique within the page. */
export function fieldId(prefix: string, path: Path): string {
  return `${prefix}-${path.length ? path.join('-') : 'root'}`;
}
