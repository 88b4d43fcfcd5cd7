import * as tf from '@tensorflow/tfjs';
import type { CellKernels, RecurrenceGrads, RecurrenceInputs, RecurrenceOptions } from '../../model/cellKernels';
import { cellBackward, cellForward, STATE_WIDTH } from './cellOps';

/**
 * The recurrence on the fused per-step kernels: per step, forward is a matMul and one cell kernel,
 * backward is one cell kernel and a matMul (none at an h-detached step). The window's inputs are read
 * in place by step index, so nothing is unstacked.
 */
export function fusedCellKernels(
  name: string,
  supports: (hidden: number) => boolean,
  /** Multiply by W_hhᵀ and h_{t−1}ᵀ transposed once per window, not through matMul's flags (wasm: plainCell.ts). */
  untransposedProducts = false,
): CellKernels {
  return {
    name,
    supports,
    customGates: false,
    forward({ xs, wHh, h0, c0 }: RecurrenceInputs, hardGates: boolean) {
      const [T, B, H4] = xs.shape as [number, number, number];
      const H = H4 / 4;
      let h = h0;
      let prev = c0;
      const hs: tf.Tensor[] = [];
      const states: tf.Tensor[] = [];
      for (let t = 0; t < T; t++) {
        const [hNext, state] = cellForward({ xs, hw: tf.matMul(h, wHh), prev }, { step: t, hard: hardGates });
        hs.push(hNext);
        states.push(state);
        h = hNext;
        prev = state;
      }
      const cT = tf.slice(prev, [0, (STATE_WIDTH - 1) * H], [B, H]);
      const value = tf.stack([...hs, cT]);
      return { value, saved: [wHh, h0, c0, value, tf.stack(states)] };
    },
    backward(dy: tf.Tensor, saved: tf.Tensor[], options: RecurrenceOptions): RecurrenceGrads {
      const [w, h0, c0, value, states] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const [T, B, H5] = states.shape as [number, number, number];
      const H = H5 / STATE_WIDTH;
      const dz: tf.Tensor[] = new Array(T);
      let recurrent: tf.Tensor | null = null;
      let carry: tf.Tensor | null = null;
      const wT = untransposedProducts ? tf.transpose(w) : null;
      for (let t = T - 1; t >= 0; t--) {
        const [dzt, carryOut] = cellBackward(
          // Unused inputs get c0 (same shape) as a placeholder: the kernel reads them only when flagged.
          { dy, states, c0, recurrent: recurrent ?? c0, carry: carry ?? c0 },
          { step: t, hard: options.hardGates, hasRecurrent: recurrent !== null, hasCarry: carry !== null },
        );
        dz[t] = dzt;
        carry = carryOut;
        recurrent = options.detach?.[t] ? null : wT ? tf.matMul(dzt, wT) : tf.matMul(dzt, w, false, true);
      }
      const dXs = tf.stack(dz);
      // h_{t−1} for every step: h0, then h_1 … h_{T−1} from the forward output.
      const hsPrev = T > 1 ? tf.concat([tf.expandDims(h0, 0), tf.slice(value, 0, T - 1)]) : tf.expandDims(h0, 0);
      const hs2 = tf.reshape(hsPrev, [T * B, H]);
      const dz2 = tf.reshape(dXs, [T * B, 4 * H]);
      const dW = untransposedProducts ? tf.matMul(tf.transpose(hs2), dz2) : tf.matMul(hs2, dz2, true, false);
      return [dXs, dW, recurrent ?? tf.zerosLike(h0), carry as tf.Tensor];
    },
  };
}
