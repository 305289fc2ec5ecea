import { type InputHTMLAttributes, useEffect, useState } from 'react';

interface ParsedInputProps<T> extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  value: T;
  format: (value: T) => string;
  parse: (text: string) => T;
  onValue: (value: T) => void;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A text input for a typed value that keeps what the person typed ("1.", "a, ") while the value
 * it stands for is unchanged, and shows the new value when it changes from outside (undo).
 */
export function ParsedInput<T>({ value, format, parse, onValue, ...props }: ParsedInputProps<T>) {
  const [text, setText] = useState(() => format(value));
  useEffect(() => {
    setText((current) => (same(parse(current), value) ? current : format(value)));
  }, [value, parse, format]);
  return (
    <input
      {...props}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        onValue(parse(event.target.value));
      }}
    />
  );
}
