import { ParsedInput } from '../forms/ParsedInput';
import { formatScalar, parseScalar } from '../forms/scalar';
import { Icon } from '../ui/Icon';

const keyText = (value: string) => value;

/** Edits a customer's traits as name/value rows; values read as numbers and true/false where they look so. */
export function TraitsEditor({
  traits,
  onChange,
}: {
  traits: Record<string, unknown>;
  onChange: (traits: Record<string, unknown>) => void;
}) {
  const rows = Object.entries(traits);
  const rename = (from: string, to: string) =>
    onChange(Object.fromEntries(rows.map(([key, value]) => (key === from ? [to, value] : [key, value]))));
  return (
    <div className="traits" data-testid="sim-traits">
      {rows.map(([key, value], index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: renaming a trait must not remount its row and lose focus.
        <div className="list-row" key={index}>
          <ParsedInput
            className="input input-small"
            aria-label={`Trait ${index + 1} name`}
            value={key}
            format={keyText}
            parse={keyText}
            onValue={(next) => rename(key, next)}
          />
          <ParsedInput
            className="input input-small"
            aria-label={`Trait ${key || index + 1} value`}
            value={value}
            format={formatScalar}
            parse={parseScalar}
            onValue={(next) => onChange({ ...traits, [key]: next })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove trait ${key || index + 1}`}
            onClick={() => onChange(Object.fromEntries(rows.filter(([name]) => name !== key)))}
          >
            <Icon name="x" size={14} />
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button-small button-dashed"
        onClick={() => {
          let n = rows.length + 1;
          while (`trait_${n}` in traits) n++;
          onChange({ ...traits, [`trait_${n}`]: '' });
        }}
      >
        + Add trait
      </button>
    </div>
  );
}
