import './TemplateField.css';
import { hasMarkup } from '@stagecraft/graph';
import { useRef, useState } from 'react';
import { type Path, useFormContext } from './context';
import { FieldShell, useFieldAria } from './FieldShell';
import type { JsonSchema } from './json-schema';

/** Message subjects, bodies, preheaders and text parts, and anything whose description shows `{{ … }}` variables, are templates. */
export function isTemplateField(key: string, schema: JsonSchema): boolean {
  return TEMPLATE_KEYS.has(key) || (schema.description ?? '').includes('{{');
}

const TEMPLATE_KEYS = new Set(['subject', 'body', 'preheader', 'text']);

/** An email body written as HTML gets a rendered preview, not only its text. */
const LOOKS_LIKE_HTML = /<(html|body|p|div|table|a|br|span|h[1-6]|ul|ol|img)\b/i;

interface TemplateFieldProps {
  schema: JsonSchema;
  path: Path;
  label: string;
  required?: boolean;
  value: unknown;
  onChange: (value: unknown) => void;
  multiline?: boolean;
}

/** A template input with a variable picker that inserts at the cursor, and a preview for the sample customer. */
export function TemplateField({
  schema,
  path,
  label,
  required,
  value,
  onChange,
  multiline,
}: TemplateFieldProps) {
  const { disabled, variables = [], renderPreview } = useFormContext();
  const aria = useFieldAria(path, Boolean(schema.description));
  const text = typeof value === 'string' ? value : '';
  const control = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const [picked, setPicked] = useState('');

  function insert(variable: string) {
    const element = control.current;
    const token = `{{ ${variable} }}`;
    const start = element?.selectionStart ?? text.length;
    const end = element?.selectionEnd ?? text.length;
    onChange(text.slice(0, start) + token + text.slice(end));
    // Put the cursor after the inserted variable once React has written the new value.
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  const html = path[path.length - 1] === 'body' && LOOKS_LIKE_HTML.test(text);
  const preview =
    renderPreview && (html || hasMarkup(text)) ? safeRender(renderPreview, text) : html ? text : null;
  const props = {
    ...aria,
    ref: control,
    className: multiline ? 'input input-template' : 'input',
    value: text,
    disabled,
    maxLength: schema.maxLength,
    onChange: (event: { target: { value: string } }) => onChange(event.target.value),
  };
  return (
    <FieldShell path={path} label={label} description={schema.description} required={required}>
      {multiline ? <textarea {...props} rows={6} /> : <input {...props} />}
      {variables.length > 0 && !disabled && (
        <div className="template-tools">
          <select
            className="input input-small"
            aria-label={`Insert a variable into ${label}`}
            value={picked}
            onChange={(event) => {
              if (event.target.value) insert(event.target.value);
              setPicked('');
            }}
          >
            <option value="">Insert variable…</option>
            {variables.map((variable) => (
              <option key={variable} value={variable}>
                {variable}
              </option>
            ))}
          </select>
        </div>
      )}
      {preview !== null && (
        <div className="template-preview" aria-live="polite">
          <span className="template-preview-label">Preview for the sample customer</span>
          {html ? (
            // No scripts, forms or same-origin access: the preview only shows the email.
            <iframe
              className="template-html-preview"
              sandbox=""
              srcDoc={preview}
              title={`${label} preview`}
            />
          ) : (
            <p data-testid="template-preview">{preview || <em>(empty)</em>}</p>
          )}
        </div>
      )}
    </FieldShell>
  );
}

/** The preview, or why there is none (Liquid that does not parse yet while it is typed). */
function safeRender(render: (template: string) => string, text: string): string {
  try {
    return render(text);
  } catch (error) {
    return `No preview: ${error instanceof Error ? error.message : String(error)}`;
  }
}
