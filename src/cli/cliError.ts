import { parseDecimal } from '../decimal';
import { messageOf } from '../messageOf';

/** A problem with the user's arguments or files: printed as one line, exit code 2. */
export class CliError extends Error {
  override name = 'CliError';
}

/**
 * Runs a command-line entry point: errors become a clear message on stderr and a non-zero exit. A reader
 * that closes the pipe (`| head -1`) ends the program quietly: without a listener, the EPIPE would be
 * thrown from console.log and printed by the wasm backend's handler along with its whole source.
 */
export function runCli(main: () => Promise<void>): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(0);
    });
  }
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
