/**
 * Installs the fused LSTM cell for the backend that just started, if it has one, and G2's one-pass noise
 * (wasmNoise.ts, gpuNoise.ts), each only after a small self-check on that backend agrees with the plain
 * ops: a program that fails to compile or
 * computes wrong numbers leaves the plain path in place, quietly (no console.error: a failed optional
 * speed-up is not an error).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { CellKernels } from '../../model/cellKernels';
import { setCellKernels } from '../../model/cellRegistry';
import { plainCell, plainCellKernels } from '../../model/plainCell';
import { CELL_FORWARD } from './cellOps';
import { fusedCellKernels } from './fusedCell';
import { type CheckReport, checkCellKernels } from './selfCheck';
import { installWasmKernels } from './wasmCheck';
import { installGpuNoise } from './gpuNoise';
import { registerWasmCellOps, unregisterWasmCell, wasmCellKernels } from './wasmCell';
import { installWasmNoise } from './wasmNoise';
import { registerWebGLCell, webglSupports } from './webglCell';
import { registerWebGPUCell } from './webgpuCell';
import { messageOf } from '../../messageOf';

export interface CellKernelsStatus {
  backend: string;
  /** The name of the implementation `recurrence()` now uses on this backend: `plain`, or the backend's own (`fused-webgpu`, `fused-webgl`, `wasm-fused`, or `wasm-untransposed` if wasm's fused cell fails its check). */
  active: string;
  reason: string;
  check: CheckReport | null;
}

interface Installer {
  register(): void;
  supports(hidden: number): boolean;
}

const INSTALLERS: Record<string, Installer> = {
  webgpu: { register: registerWebGPUCell, supports: () => true },
  webgl: { register: registerWebGLCell, supports: webglSupports },
};

const statuses = new Map<string, CellKernelsStatus>();
const ownByBackend = new Map<string, CellKernels>();

/** What registration decided for a backend (null before it ran). */
export function cellKernelsStatus(backendName: string): CellKernelsStatus | null {
  return statuses.get(backendName) ?? null;
}

/** The backend's own implementation (fused GPU programs, or wasm's untransposed plain ops), registered or not (for checks). */
export function backendKernelsOf(backendName: string): CellKernels | null {
  return ownByBackend.get(backendName) ?? null;
}

/** The WebGPU device's error scopes catch shader and pipeline errors that would otherwise be logged. */
interface ErrorScopes {
  pushErrorScope(filter: 'validation'): void;
  popErrorScope(): Promise<{ message: string } | null>;
}

function errorScopes(): ErrorScopes | null {
  const device = (tf.backend() as unknown as { device?: Partial<ErrorScopes> }).device;
  return device?.pushErrorScope && device.popErrorScope ? (device as ErrorScopes) : null;
}

/** Runs a check inside a WebGPU validation error scope where there is one. */
async function scoped<T>(run: () => Promise<T>): Promise<{ value: T; error: string | null }> {
  const scopes = errorScopes();
  scopes?.pushErrorScope('validation');
  const value = await run();
  const error = (await scopes?.popErrorScope())?.message ?? null;
  return { value, error };
}

async function checked(kernels: CellKernels): Promise<{ report: CheckReport; error: string | null }> {
  const { value: report, error } = await scoped(() => checkCellKernels(kernels));
  return { report, error };
}

type Decide = (active: string, reason: string, check?: CheckReport | null) => CellKernelsStatus;

/**
 * wasm: its plain ops run fast once five of tfjs's wasm kernels are replaced (wasmKernels.ts) and the
 * recurrence multiplies only untransposed operands (XNNPACK's case); G2's noise is added in the bias
 * add's output (wasmNoise.ts). σ gates run on the fused per-step cell in JS over the heap (wasmCell.ts),
 * a gate function (Beta gates) on the untransposed plain ops; each is used only if it agrees with the
 * plain ops, else the next one down (untransposed plain ops, then plain ops).
 */
async function registerWasmCell(decide: Decide): Promise<CellKernelsStatus> {
  const fixes = await installWasmKernels();
  const noise = await installWasmNoise();
  const reasonOf = (rest: string) => `${fixes.reason}; ${noise.reason}; ${rest}`;
  const attempt = async (kernels: CellKernels) => {
    try {
      const { report } = await checked(kernels);
      return { report, failure: report.ok ? '' : 'disagreed with the plain ops' };
    } catch (e) {
      return { report: null, failure: `failed: ${messageOf(e)}` };
    }
  };
  const untransposed = plainCell({ name: 'wasm-untransposed', untransposedProducts: true });
  const plainTry = await attempt(untransposed);
  let fusedTry: Awaited<ReturnType<typeof attempt>>;
  try {
    registerWasmCellOps();
    fusedTry = await attempt(wasmCellKernels(untransposed));
  } catch (e) {
    fusedTry = { report: null, failure: `failed: ${messageOf(e)}` };
  }
  if (fusedTry.failure) unregisterWasmCell();
  const plainPart = plainTry.failure ? `the untransposed recurrence ${plainTry.failure}` : 'untransposed recurrence: self-check passed';
  const fusedPart = fusedTry.failure ? `the fused cell ${fusedTry.failure}` : 'fused cell in JS: self-check passed';
  const reason = reasonOf(`${fusedPart}; ${plainPart}`);
  const kernels = !fusedTry.failure ? wasmCellKernels(plainTry.failure ? plainCellKernels : untransposed) : !plainTry.failure ? untransposed : null;
  if (!kernels) return decide('plain', reason, fusedTry.report ?? plainTry.report);
  ownByBackend.set('wasm', kernels);
  setCellKernels('wasm', kernels);
  return decide(kernels.name, reason, kernels === untransposed ? plainTry.report : fusedTry.report);
}

/** Call with the backend that tf is now running. Never throws. */
export async function registerCellKernels(backendName: string): Promise<CellKernelsStatus> {
  const decide: Decide = (active, reason, check = null) => {
    const status: CellKernelsStatus = { backend: backendName, active, reason, check };
    statuses.set(backendName, status);
    return status;
  };
  const known = statuses.get(backendName);
  if (known) return known;
  const installer = INSTALLERS[backendName];
  const running = tf.getBackend();
  if (backendName === 'wasm' && running === 'wasm') return registerWasmCell(decide);
  if (!installer) return decide('plain', 'no fused cell for this backend');
  if (running !== backendName) return decide('plain', `the running backend is ${running}`);
  // G2's noise in the bias add's own program: checked on its own, whatever the fused cell's check says.
  const noise = await installGpuNoise(scoped);
  const withNoise = (reason: string) => `${reason}; ${noise.reason}`;
  setCellKernels(backendName, null);
  try {
    if (!tf.getKernel(CELL_FORWARD, backendName)) installer.register();
    const kernels = fusedCellKernels(`fused-${backendName}`, installer.supports);
    ownByBackend.set(backendName, kernels);
    const { report, error } = await checked(kernels);
    if (error) return decide('plain', withNoise(`GPU error in the fused cell: ${error}`), report);
    if (!report.ok) return decide('plain', withNoise('the fused cell disagreed with the plain ops'), report);
    setCellKernels(backendName, kernels);
    return decide(kernels.name, withNoise('self-check passed'), report);
  } catch (e) {
    return decide('plain', withNoise(`the fused cell failed: ${messageOf(e)}`));
  }
}
