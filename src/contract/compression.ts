/**
 * Compressions of the input- and forget-gate weight blocks, as plain data (docs/method.md §3, the paper's
 * Tables 3–5): what the page asks for and shows, and what the worker and the command line compute with.
 * Computing them (tfjs) is src/model/compression.ts.
 *
 * @module
 */
export type CompressionSpec =
  | { kind: 'none' }
  | { kind: 'round'; step: number }
  | { kind: 'roundClip'; step: number; clip: number }
  | { kind: 'lowRank'; rank: number };

export interface CompressionRow {
  spec: CompressionSpec;
  label: string;
  loss: number;
  /** loss − uncompressed loss, nats per character. */
  delta: number;
}

/** The Compression panel's three settings. */
export interface CompressionChoice {
  /** Rounding step r. */
  step: number;
  /** Clipping bound c. */
  clip: number;
  /** Rank k of the low-rank approximation. */
  rank: number;
}

export function describeCompression(spec: CompressionSpec): string {
  switch (spec.kind) {
    case 'none':
      return 'none';
    case 'round':
      return `round r=${spec.step}`;
    case 'roundClip':
      return `round r=${spec.step} clip c=${spec.clip}`;
    case 'lowRank':
      return `low rank k=${spec.rank}`;
  }
}

/** The paper's H is 1,150: its ranks (128, 64) scaled to a model of `hidden` units. */
export const paperRank = (hidden: number, rankAt1150: number): number => Math.max(1, Math.round((hidden * rankAt1150) / 1150));

/** The paper's language-model settings (r = 0.2, c = 0.4, k = 128 of 1,150): a run's choice until the person changes it. */
export const paperChoice = (hidden: number): CompressionChoice => ({ step: 0.2, clip: 0.4, rank: paperRank(hidden, 128) });

/** The settings of the paper's language-model table: r = 0.2, c = 0.4, and both its ranks scaled to H. */
export function paperCompressionSpecs(hidden: number): CompressionSpec[] {
  const { step, clip } = paperChoice(hidden);
  return [
    { kind: 'round', step },
    { kind: 'roundClip', step, clip },
    { kind: 'lowRank', rank: paperRank(hidden, 128) },
    { kind: 'lowRank', rank: paperRank(hidden, 64) },
  ];
}

/**
 * The chosen settings (round, round & clip, low rank) followed by sweeps for curves: every rank from H
 * down by halves to 1, and rounding steps from 0.05 to 0.8.
 */
export function compressionSweep(hidden: number, choice: CompressionChoice): CompressionSpec[] {
  const specs: CompressionSpec[] = [
    { kind: 'round', step: choice.step },
    { kind: 'roundClip', step: choice.step, clip: choice.clip },
    { kind: 'lowRank', rank: Math.max(1, Math.min(hidden, Math.round(choice.rank))) },
  ];
  for (let rank = hidden; rank >= 1; rank = Math.floor(rank / 2)) specs.push({ kind: 'lowRank', rank });
  for (const step of [0.05, 0.1, 0.2, 0.4, 0.8]) specs.push({ kind: 'round', step });
  return specs;
}

/**
 * The choice a list of specs from `compressionSweep` was made from (its first three), as the worker holds it;
 * null for a list of another shape.
 */
export function chosenCompression(specs: readonly CompressionSpec[]): CompressionChoice | null {
  const [round, roundClip, rank] = specs;
  if (round?.kind !== 'round' || roundClip?.kind !== 'roundClip' || rank?.kind !== 'lowRank') return null;
  return { step: round.step, clip: roundClip.clip, rank: rank.rank };
}
