/** A number as a person writes it: decimal digits, a point, an exponent; no hex, no blanks, no Infinity. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The number a text writes in decimal, or NaN (`Number` would read "0x10" as 16 and "" as 0). */
export function parseDecimal(raw: string): number {
  return DECIMAL.test(raw.trim()) ? Number(raw) : Number.NaN;
}
