import type { CompressionSpec } from './compression';
import type { GateMode } from '../model/types';

/**
 * How a run is looked at, never how it trains: changing one redraws the panels and leaves the run as it
 * is. The worker owns them (the page asks for a change, the worker's events echo what it used).
 */
export interface ViewSettings {
  /** How the gates are computed for the panels (training always uses the cell's own gates). */
  mode: GateMode;
  /** The compressions the compression panel measures. */
  compression: readonly CompressionSpec[];
  /** The spread below which a gate counts as constant (constant-gate view). */
  constantThreshold: number;
}

export const GATE_KINDS = ['i', 'f', 'g', 'o'] as const;
export type GateKind = (typeof GATE_KINDS)[number];

/**
 * The threshold the page starts with (standard deviation of a gate over the validation slice): 5 % of a
 * σ gate's range. Measured on Moby-Dick at the default settings, step 500: the smallest spreads are
 * 0.03–0.05 (i, f), so 0.05 marks the first few and 0.1 about a quarter of the i and f gates.
 */
export const DEFAULT_CONSTANT_THRESHOLD = 0.05;
