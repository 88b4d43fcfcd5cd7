import * as tf from '@tensorflow/tfjs';

/**
 * The two fused per-step kernels, as tfjs kernels (tf.registerKernel) so that the engine tracks their
 * tensors and tf.profile counts them. Each backend registers its own programs under these names
 * (webgpuCell.ts, webglCell.ts); fusedCell.ts calls them.
 *
 * The per-step state S_t is [B, 5H] = [i, f, g, o, c]: what the next step needs (c) and what the
 * backward pass needs (the gates; tanh c is recomputed, c_{t−1} is read from S_{t−1}).
 */
export const CELL_FORWARD = 'GateLabLstmCellForward';
export const CELL_BACKWARD = 'GateLabLstmCellBackward';
/** Columns of the per-step state, in units of H. */
export const STATE_WIDTH = 5;

export interface CellForwardInputs {
  /** The window's pre-activations without the recurrent term, [T, B, 4H]; step `step` is read. */
  xs: tf.Tensor;
  /** h_{t−1} · W_hh, [B, 4H]. */
  hw: tf.Tensor;
  /** c_{t−1}: c0 [B, H] at the first step, else the previous state S_{t−1} [B, 5H]. */
  prev: tf.Tensor;
}

export interface CellForwardAttrs {
  step: number;
  hard: boolean;
}

export interface CellBackwardInputs {
  /** The gradient of the window's output, [T + 1, B, H]: ∂L/∂h_t at t < T, ∂L/∂c_T at T. */
  dy: tf.Tensor;
  /** The stacked states S, [T, B, 5H]. */
  states: tf.Tensor;
  /** c0 [B, H], the c_{t−1} of step 0. */
  c0: tf.Tensor;
  /** dz_{t+1} · W_hhᵀ [B, H]; ignored unless `hasRecurrent` (last step, or h-detach). */
  recurrent: tf.Tensor;
  /** dc_{t+1} ⊙ f_{t+1} [B, H]; ignored unless `hasCarry` (then dy[T] is used). */
  carry: tf.Tensor;
}

export interface CellBackwardAttrs {
  step: number;
  hard: boolean;
  hasRecurrent: boolean;
  hasCarry: boolean;
}

/** Runs one of the two kernels, each of which gives two tensors. */
function runPair(kernel: string, inputs: object, attrs: object): [tf.Tensor, tf.Tensor] {
  const out = tf.engine().runKernel(kernel, inputs as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor[];
  return [out[0] as tf.Tensor, out[1] as tf.Tensor];
}

/** Forward step: h_t [B, H] and S_t [B, 5H]. */
export function cellForward(inputs: CellForwardInputs, attrs: CellForwardAttrs): [tf.Tensor, tf.Tensor] {
  return runPair(CELL_FORWARD, inputs, attrs);
}

/** Backward step: dz_t [B, 4H] and the carry dc_t ⊙ f_t [B, H] for step t − 1. */
export function cellBackward(inputs: CellBackwardInputs, attrs: CellBackwardAttrs): [tf.Tensor, tf.Tensor] {
  return runPair(CELL_BACKWARD, inputs, attrs);
}

/** What a GPU backend gives the cell's kernels: two programs an op, and how it runs one. */
export interface CellPrograms<P, U> {
  /** h_t's program and S_t's, for B rows of H units; `prevWidth` is c0's H or S_{t−1}'s 5H. */
  forward(batch: number, hidden: number, prevWidth: number): [P, P];
  /** dz_t's program and the carry's, in a window of `steps` steps. */
  backward(steps: number, batch: number, hidden: number): [P, P];
  /** A uniform holding one whole number. */
  uniform(value: number): U;
  run(backend: unknown, program: P, inputs: tf.TensorInfo[], uniforms: U[]): tf.TensorInfo;
}

const flag = (on: boolean) => (on ? 1 : 0);

/** Registers CELL_FORWARD and CELL_BACKWARD on `backendName`: the attributes become uniforms, each op runs its two programs. */
export function registerCellKernels<P, U>(backendName: string, programs: CellPrograms<P, U>): void {
  const runBoth = (backend: unknown, pair: [P, P], inputs: tf.TensorInfo[], values: number[]) => {
    const uniforms = values.map((v) => programs.uniform(v));
    return pair.map((program) => programs.run(backend, program, inputs, uniforms));
  };
  tf.registerKernel({
    kernelName: CELL_FORWARD,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { xs, hw, prev } = inputs as Record<'xs' | 'hw' | 'prev', tf.TensorInfo>;
      const { step, hard } = attrs as unknown as CellForwardAttrs;
      const [, batch, width] = xs.shape as [number, number, number];
      const pair = programs.forward(batch, width / 4, prev.shape[1] as number);
      return runBoth(backend, pair, [xs, hw, prev], [step, flag(hard)]);
    },
  });
  tf.registerKernel({
    kernelName: CELL_BACKWARD,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, states, c0, recurrent, carry } = inputs as Record<'dy' | 'states' | 'c0' | 'recurrent' | 'carry', tf.TensorInfo>;
      const a = attrs as unknown as CellBackwardAttrs;
      const [batch, hidden] = c0.shape as [number, number];
      const pair = programs.backward((dy.shape[0] as number) - 1, batch, hidden);
      return runBoth(backend, pair, [dy, states, c0, recurrent, carry], [a.step, flag(a.hard), flag(a.hasRecurrent), flag(a.hasCarry)]);
    },
  });
}
