/**
 * The fused per-step cell kernels (cellOps.ts CELL_FORWARD, CELL_BACKWARD) on wasm, written in JS over
 * views of the wasm heap, like wasmNoise.ts: one pass over a step's [B, 4H] pre-activations instead of
 * about ten tfjs kernels (split, σ, tanh, products, sums) each with its own output and dispatch, and in
 * the backward pass none of the plain cell's window-wide factor tensors. The arithmetic is the WebGL
 * programs' (webglCell.ts), in double precision, rounded to float32 when stored.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { CellKernels } from '../../model/cellKernels';
import { plainCell } from '../../model/plainCell';
import { CELL_BACKWARD, CELL_FORWARD, type CellBackwardAttrs, type CellForwardAttrs, STATE_WIDTH } from './cellOps';
import { fusedCellKernels } from './fusedCell';

/** The parts of tfjs-backend-wasm's BackendWasm used here. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
}

const BACKEND = 'wasm';

/**
 * e^x for the gates, about 8× faster than Math.exp in V8 (25 ns a call measured in Node): x·log₂e
 * split into a whole n and a rest f in [−½, ½]; 2^f = e^(f ln 2) by its Taylor series to the 7th power
 * (relative error below 6e-9, a tenth of float32's rounding) and 2^n from a table. x is clamped to
 * ±87 (2^±126), where σ and tanh are already 0 or ±1 in float32.
 */
const POW2 = Float64Array.from({ length: 253 }, (_, k) => 2 ** (k - 126));
export function fastExp(x: number): number {
  let y = x * Math.LOG2E;
  if (y > 126) y = 126;
  else if (y < -126) y = -126; // NaN stays NaN (floor, then the table read, give NaN)
  const n = Math.floor(y + 0.5);
  const u = (y - n) * Math.LN2;
  const p = 1 + u * (1 + u * (1 / 2 + u * (1 / 6 + u * (1 / 24 + u * (1 / 120 + u * (1 / 720 + u / 5040))))));
  return p * (POW2[n + 126] as number);
}

const sigmoid = (x: number) => 1 / (1 + fastExp(-x));
/** tanh through e^(−2|x|): never overflows. */
function tanh(x: number): number {
  const e = fastExp(-2 * Math.abs(x));
  const t = (1 - e) / (1 + e);
  return x < 0 ? -t : t;
}

type Args = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** h_t [B, H] and S_t = [i, f, g, o, c] [B, 5H] from xs[step] + hw and c_{t−1}. */
function forward({ inputs, backend, attrs }: Args): tf.TensorInfo[] {
  const wasm = backend as WasmBackend;
  const { xs, hw, prev } = inputs as Record<'xs' | 'hw' | 'prev', tf.TensorInfo>;
  const { step, hard } = attrs as unknown as CellForwardAttrs;
  const [, B, H4] = xs.shape as [number, number, number];
  const H = H4 / 4;
  const prevWidth = prev.shape[1] as number;
  const hOut = wasm.makeOutput([B, H], 'float32');
  const sOut = wasm.makeOutput([B, STATE_WIDTH * H], 'float32');
  // Views only after the outputs exist: an allocation may grow the heap and detach older views.
  const x = wasm.typedArrayFromHeap(xs) as Float32Array;
  const r = wasm.typedArrayFromHeap(hw) as Float32Array;
  const p = wasm.typedArrayFromHeap(prev) as Float32Array;
  const h = wasm.typedArrayFromHeap(hOut) as Float32Array;
  const s = wasm.typedArrayFromHeap(sOut) as Float32Array;
  const cOffset = prevWidth - H;
  for (let b = 0; b < B; b++) {
    const xRow = (step * B + b) * H4;
    const rRow = b * H4;
    const sRow = b * STATE_WIDTH * H;
    const pRow = b * prevWidth + cOffset;
    for (let j = 0; j < H; j++) {
      const zi = (x[xRow + j] as number) + (r[rRow + j] as number);
      const zf = (x[xRow + H + j] as number) + (r[rRow + H + j] as number);
      const zg = (x[xRow + 2 * H + j] as number) + (r[rRow + 2 * H + j] as number);
      const zo = (x[xRow + 3 * H + j] as number) + (r[rRow + 3 * H + j] as number);
      const i = hard ? (zi >= 0 ? 1 : 0) : sigmoid(zi);
      const f = hard ? (zf >= 0 ? 1 : 0) : sigmoid(zf);
      const g = tanh(zg);
      const o = sigmoid(zo);
      // c is rounded to float32 as stored, and tanh c is taken of the stored value (as the plain ops do).
      s[sRow + 4 * H + j] = f * (p[pRow + j] as number) + i * g;
      const c = s[sRow + 4 * H + j] as number;
      s[sRow + j] = i;
      s[sRow + H + j] = f;
      s[sRow + 2 * H + j] = g;
      s[sRow + 3 * H + j] = o;
      h[b * H + j] = o * tanh(c);
    }
  }
  return [hOut, sOut];
}

/** dz_t [B, 4H] and the carry dc_t ⊙ f_t [B, H] (cellOps.ts CellBackwardInputs). */
function backward({ inputs, backend, attrs }: Args): tf.TensorInfo[] {
  const wasm = backend as WasmBackend;
  const { dy, states, c0, recurrent, carry } = inputs as Record<'dy' | 'states' | 'c0' | 'recurrent' | 'carry', tf.TensorInfo>;
  const { step: t, hard, hasRecurrent, hasCarry } = attrs as unknown as CellBackwardAttrs;
  const [B, H] = c0.shape as [number, number];
  const T = (dy.shape[0] as number) - 1;
  const dzOut = wasm.makeOutput([B, 4 * H], 'float32');
  const carryOut = wasm.makeOutput([B, H], 'float32');
  const d = wasm.typedArrayFromHeap(dy) as Float32Array;
  const s = wasm.typedArrayFromHeap(states) as Float32Array;
  const c0v = wasm.typedArrayFromHeap(c0) as Float32Array;
  const rec = wasm.typedArrayFromHeap(recurrent) as Float32Array;
  const car = wasm.typedArrayFromHeap(carry) as Float32Array;
  const dz = wasm.typedArrayFromHeap(dzOut) as Float32Array;
  const out = wasm.typedArrayFromHeap(carryOut) as Float32Array;
  const W = STATE_WIDTH * H;
  for (let b = 0; b < B; b++) {
    const sRow = (t * B + b) * W;
    const prevRow = ((t - 1) * B + b) * W + 4 * H;
    const dRow = (t * B + b) * H;
    const zRow = b * 4 * H;
    for (let j = 0; j < H; j++) {
      const i = s[sRow + j] as number;
      const f = s[sRow + H + j] as number;
      const g = s[sRow + 2 * H + j] as number;
      const o = s[sRow + 3 * H + j] as number;
      const tc = tanh(s[sRow + 4 * H + j] as number);
      const cPrev = t > 0 ? (s[prevRow + j] as number) : (c0v[b * H + j] as number);
      let dh = d[dRow + j] as number;
      if (hasRecurrent) dh += rec[b * H + j] as number;
      const dcIn = hasCarry ? (car[b * H + j] as number) : (d[(T * B + b) * H + j] as number);
      const dc = dcIn + dh * (o * (1 - tc * tc));
      dz[zRow + j] = hard ? 0 : dc * (g * (i * (1 - i)));
      dz[zRow + H + j] = hard ? 0 : dc * (cPrev * (f * (1 - f)));
      dz[zRow + 2 * H + j] = dc * (i * (1 - g * g));
      dz[zRow + 3 * H + j] = dh * (tc * (o * (1 - o)));
      out[b * H + j] = dc * f;
    }
  }
  return [dzOut, carryOut];
}

/** Registers the two kernels on wasm (idempotent). */
export function registerWasmCellOps(): void {
  if (!tf.getKernel(CELL_FORWARD, BACKEND)) tf.registerKernel({ kernelName: CELL_FORWARD, backendName: BACKEND, kernelFunc: forward as unknown as tf.KernelFunc });
  if (!tf.getKernel(CELL_BACKWARD, BACKEND)) tf.registerKernel({ kernelName: CELL_BACKWARD, backendName: BACKEND, kernelFunc: backward as unknown as tf.KernelFunc });
}

export function unregisterWasmCell(): void {
  for (const name of [CELL_FORWARD, CELL_BACKWARD]) if (tf.getKernel(name, BACKEND)) tf.unregisterKernel(name, BACKEND);
}

/** What the fused forward pass saves (fusedCell.ts): W_hh, h0, c0, the output and the states; the plain one saves 7 or more. */
const FUSED_SAVED = 5;

/**
 * The recurrence on wasm: σ gates on the fused kernels above, multiplying untransposed operands only
 * (XNNPACK's case, plainCell.ts); a gate function (Beta gates) on `plain`, by default the untransposed
 * plain ops. The backward pass knows which forward ran by what it saved.
 */
export function wasmCellKernels(plain: CellKernels = plainCell({ name: 'wasm-untransposed', untransposedProducts: true })): CellKernels {
  const fused = fusedCellKernels('wasm-fused', () => true, true);
  return {
    name: 'wasm-fused',
    supports: () => true,
    customGates: true,
    forward: (inputs, hardGates) => {
      const out = (inputs.ifGates ? plain : fused).forward(inputs, hardGates);
      if ((out.saved.length === FUSED_SAVED) !== !inputs.ifGates) throw new Error('wasm cell: saved tensors do not tell the two paths apart');
      return out;
    },
    backward: (dy, saved, options) => (saved.length === FUSED_SAVED ? fused : plain).backward(dy, saved, options),
  };
}
