import { type InputHTMLAttributes, useState } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  /** The value in force (the setting, the worker's echo). */
  value: number | string;
  /** Every edit's text, for an owner with its own rule (and message) for what it takes. */
  onText?: (text: string) => void;
  /** Every edit that is a number within `min` and `max` (either may be absent). */
  onValue?: (value: number) => void;
};

const bound = (limit: number | string | undefined, otherwise: number) => (limit === undefined || limit === '' ? otherwise : Number(limit));

/**
 * A number field that shows what is being typed. A field bound only to the value in force put that value back
 * at every keystroke that was not yet a value ('0' on the way to '0.3', an emptied field), so typing '0.3' over
 * 0.8 gave '0.83'. The typed text shows until focus leaves; then the value in force does.
 */
export function DraftNumberInput({ value, onText, onValue, onBlur, ...rest }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      {...rest}
      type="number"
      value={draft ?? String(value)}
      onChange={(e) => {
        const text = e.target.value;
        setDraft(text);
        onText?.(text);
        const v = Number(text);
        if (onValue && text.trim() !== '' && v >= bound(rest.min, -Infinity) && v <= bound(rest.max, Infinity)) onValue(v);
      }}
      onBlur={(e) => {
        setDraft(null);
        onBlur?.(e);
      }}
    />
  );
}
