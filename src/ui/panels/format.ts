/** Numbers as the panels print them. */

export const percent = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Fixed decimals without a "-0.00": a value that rounds to zero prints as zero. */
export function fixed(v: number, digits: number): string {
  const text = v.toFixed(digits);
  return Number(text) === 0 ? (0).toFixed(digits) : text;
}

/** A difference with its sign, "+" included; one that rounds to zero prints as "+0.000". */
export function signed(v: number, digits = 3): string {
  const text = fixed(v, digits);
  return text.startsWith('-') ? text : `+${text}`;
}
