import { useState } from 'react';
import { type CompressionChoice, type CompressionRow, type CompressionSpec, chosenCompression, compressionSweep } from '../contract/compression';

/**
 * The Compression panel's r, c and k: what the worker computes with, read from its last report (the report's
 * first rows are the chosen specs), so the fields survive the panel being unmounted behind a tab. A choice
 * on its way shows until the worker's report echoes it; it belongs to the run it was made in.
 */
export function useCompressionChoice(
  report: readonly { rows: readonly CompressionRow[] }[],
  run: string | undefined,
  hidden: number,
  sendSpecs: (specs: CompressionSpec[]) => void,
): { choice: CompressionChoice | null; choose: (choice: CompressionChoice) => void } {
  const [asked, setAsked] = useState<{ run: string | undefined; choice: CompressionChoice } | null>(null);
  const held = chosenCompression(report[0]?.rows.map((r) => r.spec) ?? []);
  const pending = asked?.run === run ? asked?.choice : undefined;
  if (asked && (!pending || (held && sameChoice(held, pending)))) setAsked(null);
  return {
    choice: pending ?? held,
    choose: (choice) => {
      const specs = compressionSweep(hidden, choice);
      // What the worker will hold (a rank above H is H), so the echo can be recognised.
      const sent = chosenCompression(specs);
      if (sent) setAsked({ run, choice: sent });
      sendSpecs(specs);
    },
  };
}

const sameChoice = (a: CompressionChoice, b: CompressionChoice) => a.step === b.step && a.clip === b.clip && a.rank === b.rank;
