import { ArrayOfObjectsField, ScalarListField } from './ArrayFields';
import { type Path, useFormContext } from './context';
import { JsonField } from './JsonField';
import { classify, type JsonSchema, resolve } from './json-schema';
import { NullableField, ObjectField, UnionField } from './ObjectFields';
import { RuleGroupField, RuleListField } from './RuleBuilder';
import { BooleanField, EnumField, NumberField, ScalarField, StringField } from './ScalarFields';
import { SegmentIdField } from './SegmentIdField';
import { isTemplateField, TemplateField } from './TemplateField';

export interface SchemaFieldProps {
  schema: JsonSchema;
  root: JsonSchema;
  path: Path;
  label: string;
  required?: boolean;
  value: unknown;
  onChange: (value: unknown) => void;
}

/** Picks the editor for one value from its JSON Schema; unknown shapes fall back to raw JSON. */
export function SchemaField(props: SchemaFieldProps) {
  const { root, path, label, required, value, onChange } = props;
  const { disabled } = useFormContext();
  const schema = resolve(props.schema, root);
  const field = classify(schema, root);
  const key = String(path[path.length - 1] ?? '');
  const common = { schema, path, label, required, value, onChange };
  switch (field.kind) {
    case 'rule-group':
      return <RuleGroupField {...common} />;
    case 'rule-list':
      return <RuleListField {...common} />;
    case 'union':
      return (
        <UnionField {...common} root={root} discriminator={field.discriminator} options={field.options} />
      );
    case 'nullable':
      return <NullableField {...common} root={root} inner={field.inner} />;
    case 'object':
      return <ObjectField {...common} root={root} />;
    case 'array-objects':
      return <ArrayOfObjectsField {...common} root={root} items={field.items} />;
    case 'array-scalars':
      return <ScalarListField {...common} items={field.items} />;
    case 'enum':
      return <EnumField {...common} />;
    case 'boolean':
      return <BooleanField {...common} />;
    case 'number':
      return <NumberField {...common} />;
    case 'scalar':
      return <ScalarField {...common} empty={required ? null : undefined} />;
    case 'string':
      if (key === 'segmentId') return <SegmentIdField {...common} />;
      return isTemplateField(key, schema) ? (
        <TemplateField {...common} multiline={key === 'body' || (schema.maxLength ?? 0) > 1000} />
      ) : (
        <StringField {...common} empty={required ? '' : undefined} />
      );
    case 'json':
      return <JsonField {...common} disabled={disabled} />;
  }
}
