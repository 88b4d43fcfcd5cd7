/**
 * The LSTM recurrence over one window, on pre-activations that already hold the input projection,
 * the bias, the Gumbel noise and the 1/τ scale of the i/f columns (charLM.ts folds those in with
 * ordinary ops, so autodiff covers them). What is left is the loop, the expensive part:
 *
 *   z_t = xs_t + h_{t−1} · W_hh,  split into i, f (σ or step), g (tanh), o (σ)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g,    h_t = o ⊙ tanh(c_t)
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { CellKernels, IfGates, RecurrenceOptions } from './cellKernels';
import { cellKernelsFor } from './cellRegistry';
import { type FrozenGates, lstmStep } from './plainCell';
import { shape3 } from './shape';

export type { RecurrenceOptions };

/** Per-step activations of a window, each [T, B, ·]. */
export interface RecurrenceTrace {
  hs: tf.Tensor;
  /** Input and forget gates side by side: [T, B, 2H]. */
  gatesIF: tf.Tensor;
  /** Candidate g and output gate o: [T, B, H] each (for the constant-gate statistics). */
  candidate: tf.Tensor;
  output: tf.Tensor;
  hT: tf.Tensor;
  cT: tf.Tensor;
}

const stopGradient = tf.customGrad((...args: unknown[]) => {
  (args[1] as tf.GradSaveFunc)([]);
  return { value: tf.clone(args[0] as tf.Tensor), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
});

/**
 * The recurrence with plain ops: differentiable by tfjs's autodiff (the reference the custom gradient
 * is tested against) and the path that records gate values for the panels.
 */
export function recurrenceTraced(
  xs: tf.Tensor,
  wHh: tf.Tensor,
  h0: tf.Tensor,
  c0: tf.Tensor,
  options: RecurrenceOptions & {
    frozen?: FrozenGates;
    /** Step t's input and forget gates from their pre-activations [B, 2H], instead of σ (Beta gates), differentiated by autodiff. */
    gateValues?: (zIF: tf.Tensor, t: number) => tf.Tensor;
  },
): RecurrenceTrace {
  const steps = tf.unstack(xs) as tf.Tensor[];
  let h = h0;
  let c = c0;
  const hs: tf.Tensor[] = [];
  const gates: tf.Tensor[] = [];
  const gs: tf.Tensor[] = [];
  const os: tf.Tensor[] = [];
  steps.forEach((x, t) => {
    const hIn = options.detach?.[t] ? (stopGradient(h) as tf.Tensor) : h;
    const gateValues = options.gateValues;
    const step = lstmStep(x, hIn, c, wHh, options.hardGates, options.frozen, gateValues && ((zIF) => gateValues(zIF, t)));
    h = step.h;
    c = step.c;
    hs.push(h);
    gates.push(step.gatesIF);
    gs.push(step.g);
    os.push(step.o);
  });
  return {
    hs: tf.stack(hs) as tf.Tensor,
    gatesIF: tf.stack(gates) as tf.Tensor,
    candidate: tf.stack(gs) as tf.Tensor,
    output: tf.stack(os) as tf.Tensor,
    hT: h,
    cT: c,
  };
}

/**
 * The recurrence with a hand-written backward pass through time (tf.customGrad).
 * Returns [T + 1, B, H]: h_1 … h_T, then c_T (so the carried cell state comes out of one op).
 * `kernels` does the work: by default the fused GPU programs registered for the current backend
 * (src/worker/kernels), else plain ops (cellKernels.ts).
 */
export function recurrence(
  xs: tf.Tensor,
  wHh: tf.Tensor,
  h0: tf.Tensor,
  c0: tf.Tensor,
  options: RecurrenceOptions & { ifGates?: IfGates },
  kernels: CellKernels = cellKernelsFor(tf.getBackend(), shape3(xs)[2] / 4, options.ifGates !== undefined),
): tf.Tensor {
  if (options.ifGates && !kernels.customGates) throw new Error(`the ${kernels.name} cell kernels compute σ gates only`);
  const run = tf.customGrad((...args: unknown[]) => {
    const [xsIn, w, hInit, cInit] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const save = args[4] as tf.GradSaveFunc;
    const { value, saved } = kernels.forward({ xs: xsIn, wHh: w, h0: hInit, c0: cInit, ifGates: options.ifGates }, options.hardGates);
    save(saved);
    return {
      value,
      gradFunc: (dy: tf.Tensor, kept: tf.Tensor[]) => kernels.backward(dy as tf.Tensor, kept, options),
    };
  });
  return run(xs, wHh, h0, c0) as tf.Tensor;
}
