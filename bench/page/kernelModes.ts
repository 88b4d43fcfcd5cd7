import { setCellKernels } from '../../src/model/cellRegistry';
import { plainCell } from '../../src/model/plainCell';
import { backendKernelsOf } from '../../src/worker/kernels/register';
import { patchWasmKernels, unpatchWasmKernels } from '../../src/worker/kernels/wasmKernels';

/**
 * wasm's kernels as the app installs them now ('current'), or as before the fused JS cell and the Sum
 * fix ('previous': the fixed Slice, Unpack, SplitV, BatchMatMul and GatherV2, the untransposed plain-op
 * recurrence), switched between windows of one held workload so that bench/profile.ts --compare can
 * interleave them on a loaded machine. The model's own code (e.g. the input by table) is the same in both.
 */
export type KernelMode = 'current' | 'previous';

export function useKernels(mode: KernelMode): void {
  unpatchWasmKernels();
  if (mode === 'previous') {
    patchWasmKernels(['Slice', 'Unpack', 'SplitV', 'BatchMatMul', 'GatherV2']);
    setCellKernels('wasm', plainCell({ name: 'wasm-untransposed', untransposedProducts: true }));
    return;
  }
  patchWasmKernels();
  setCellKernels('wasm', backendKernelsOf('wasm'));
}
