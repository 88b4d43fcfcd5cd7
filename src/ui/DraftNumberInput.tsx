import { type InputHTMLAttributes, useState } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  /** The value in force (the setting, the worker's echo). */
  value: number | string;
  /** Every edit's text; the owner takes it when it is a value it accepts. */
  onText: (text: string) => void;
};

/**
 * A number field that shows what is being typed. A field bound only to the value in force put that value back
 * at every keystroke that was not yet a value ('0' on the way to '0.3', an emptied field), so typing '0.3' over
 * 0.8 gave '0.83'. The typed text shows until focus leaves; then the value in force does.
 */
export function DraftNumberInput({ value, onText, onBlur, ...rest }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      {...rest}
      type="number"
      value={draft ?? String(value)}
      onChange={(e) => {
        setDraft(e.target.value);
        onText(e.target.value);
      }}
      onBlur={(e) => {
        setDraft(null);
        onBlur?.(e);
      }}
    />
  );
}
