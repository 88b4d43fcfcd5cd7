import { parseDecimal } from '../decimal';
import { messageOf } from '../messageOf';

/** A problem with the user's arguments or files: printed as one line, exit code 2. */
export class CliError extends Error {
  override name = 'CliError';
}

/** Runs a command-line entry point: errors become a clear message on stderr and a non-zero exit. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`error: ${messageOf(error)}\n`);
    process.exitCode = error instanceof CliError ? 2 : 1;
  });
}

export function parseNumber(
  name: string,
  raw: string | undefined,
  fallback: number,
  check: (n: number) => boolean,
  rule: string,
): number {
  if (raw === undefined) return fallback;
  const n = parseDecimal(raw);
  if (!Number.isFinite(n) || !check(n))
    throw new CliError(`--${name} must be ${rule}, got "${raw}"`);
  return n;
}

export const isPositiveInt = (n: number) => Number.isInteger(n) && n > 0;
export const isPositive = (n: number) => n > 0;
export const isProbability = (n: number) => n >= 0 && n <= 1;
