import type { CompressionSpec } from '../model/compression';
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
