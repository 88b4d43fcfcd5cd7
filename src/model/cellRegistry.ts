/**
 * Which recurrence implementation each tfjs backend uses: the one it registered, else plain ops.
 *
 * @module
 */
import type { CellKernels } from './cellKernels';
import { plainCellKernels } from './plainCell';

const registry = new Map<string, CellKernels>();

/** Registers (or, with null, removes) the fused implementation of a tfjs backend. */
export function setCellKernels(backendName: string, kernels: CellKernels | null): void {
  if (kernels) registry.set(backendName, kernels);
  else registry.delete(backendName);
}

/** The implementation for a backend and hidden size (and gate function): the registered one, else plain ops. */
export function cellKernelsFor(backendName: string, hidden: number, customGates = false): CellKernels {
  const fused = registry.get(backendName);
  return fused?.supports(hidden) && (fused.customGates || !customGates) ? fused : plainCellKernels;
}

