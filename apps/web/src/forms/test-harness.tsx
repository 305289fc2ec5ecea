import { builtinRegistry } from '@stagecraft/nodes';
import { catalogOf } from '@stagecraft/sdk';
import { render } from '@testing-library/react';
import { useState } from 'react';
import type { JsonSchema } from './json-schema';
import { SchemaForm, type SchemaFormProps } from './SchemaForm';

/** The config schema of a built-in node type, exactly as the server's catalog serves it. */
export function schemaOf(type: string): JsonSchema {
  const entry = catalogOf(builtinRegistry).find((candidate) => candidate.type === type);
  if (!entry) throw new Error(`No built-in node type "${type}"`);
  return entry.configSchema as JsonSchema;
}

interface HarnessProps {
  schema: JsonSchema;
  initial: unknown;
  props: Partial<SchemaFormProps>;
  report: (value: unknown) => void;
}

/** A form that keeps its own value, as the inspector does. */
function Harness({ schema, initial, props, report }: HarnessProps) {
  const [value, setValue] = useState(initial);
  return (
    <SchemaForm
      idPrefix="test"
      schema={schema}
      value={value}
      onChange={(next) => {
        report(next);
        setValue(next);
      }}
      {...props}
    />
  );
}

/** Renders a schema form around `initial`; `latest()` reads the value the form last reported. */
export function renderForm(schema: JsonSchema, initial: unknown, props: Partial<SchemaFormProps> = {}) {
  let current = initial;
  const result = render(
    <Harness
      schema={schema}
      initial={initial}
      props={props}
      report={(next) => {
        current = next;
      }}
    />,
  );
  return { ...result, latest: () => current };
}
