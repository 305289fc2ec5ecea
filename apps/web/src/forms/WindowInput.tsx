import { ParsedInput } from './ParsedInput';

const UNITS = [
  { label: 'hours', seconds: 3_600 },
  { label: 'days', seconds: 86_400 },
  { label: 'weeks', seconds: 604_800 },
];

const formatNumber = (value: number | undefined) => (value === undefined ? '' : String(value));
const parseNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

interface WindowInputProps {
  /** The window in seconds; undefined for none. */
  seconds: number | undefined;
  onChange: (seconds: number | undefined) => void;
  /** Names the inputs: `Window of rule 2`, `Window unit of rule 2`. */
  label: string;
  placeholder: string;
  disabled: boolean;
}

/** A time window as a number and a unit (hours, days, weeks), stored in seconds. */
export function WindowInput({ seconds, onChange, label, placeholder, disabled }: WindowInputProps) {
  const unit =
    [...UNITS].reverse().find((candidate) => seconds !== undefined && seconds % candidate.seconds === 0) ??
    UNITS[1]!;
  return (
    <>
      <ParsedInput
        className="input input-small input-count"
        aria-label={`Window of ${label}`}
        placeholder={placeholder}
        inputMode="numeric"
        disabled={disabled}
        value={seconds === undefined ? undefined : seconds / unit.seconds}
        format={formatNumber}
        parse={parseNumber}
        onValue={(next) =>
          onChange(next === undefined || Number.isNaN(next) ? undefined : Math.round(next * unit.seconds))
        }
      />
      <select
        className="input input-small"
        aria-label={`Window unit of ${label}`}
        value={unit.label}
        disabled={disabled || seconds === undefined}
        onChange={(event) => {
          const next = UNITS.find((candidate) => candidate.label === event.target.value) ?? unit;
          if (seconds !== undefined) onChange((seconds / unit.seconds) * next.seconds);
        }}
      >
        {UNITS.map((candidate) => (
          <option key={candidate.label} value={candidate.label}>
            {candidate.label}
          </option>
        ))}
      </select>
    </>
  );
}
