/**
 * Checks a recurrence implementation against the plain-op one and against tfjs's autodiff of the
 * traced recurrence, on the current backend: forward values and the gradients of xs, W_hh, h0, c0
 * under a random linear loss. Used at registration (small sizes) and by the end-to-end tests.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { CellKernels, RecurrenceOptions } from '../../model/cellKernels';
import { plainCellKernels } from '../../model/plainCell';
import { recurrence, recurrenceTraced } from '../../model/recurrence';

export interface CheckSizes {
  steps: number;
  batch: number;
  hidden: number;
}

export interface CheckCase {
  label: string;
  options: RecurrenceOptions;
}

export interface CaseResult {
  label: string;
  /** max |fused − plain| of the forward output [T+1, B, H]. */
  forwardVsPlain: number;
  forwardVsTraced: number;
  /** Per gradient (xs, W_hh, h0, c0): max |fused − ref| / max(1, max |ref|). */
  gradsVsPlain: number[];
  gradsVsAutodiff: number[];
  ok: boolean;
}

export interface CheckReport {
  backend: string;
  kernels: string;
  sizes: CheckSizes;
  tolerance: number;
  cases: CaseResult[];
  ok: boolean;
}

export const CHECK_CASES: CheckCase[] = [
  { label: 'soft gates', options: { hardGates: false } },
  { label: 'h-detach at steps 1 and 3', options: { hardGates: false, detach: [false, true, false, true] } },
  { label: 'binarized gates', options: { hardGates: true } },
];

const GRAD_NAMES = ['xs', 'wHh', 'h0', 'c0'] as const;
export { GRAD_NAMES };

function lossOf(weights: tf.Tensor, value: (xs: tf.Tensor, w: tf.Tensor, h0: tf.Tensor, c0: tf.Tensor) => tf.Tensor) {
  return (xs: tf.Tensor, w: tf.Tensor, h0: tf.Tensor, c0: tf.Tensor) => tf.sum(tf.mul(value(xs, w, h0, c0), weights));
}

const maxAbs = (t: tf.Tensor) => tf.max(tf.abs(t));
const relDiff = (a: tf.Tensor, ref: tf.Tensor) => tf.div(maxAbs(tf.sub(a, ref)), tf.maximum(1, maxAbs(ref)));

/** One case: every difference as a scalar tensor, read back once at the end. */
function caseDiffs(kernels: CellKernels, sizes: CheckSizes, options: RecurrenceOptions, seed: number): tf.Tensor {
  return tf.tidy(() => {
    const { steps: T, batch: B, hidden: H } = sizes;
    // Large enough pre-activations that some gates saturate and hard gates take both values.
    const args = [
      tf.randomNormal([T, B, 4 * H], 0, 1.5, 'float32', seed),
      tf.randomNormal([H, 4 * H], 0, 0.5, 'float32', seed + 1),
      tf.randomNormal([B, H], 0, 0.5, 'float32', seed + 2),
      tf.randomNormal([B, H], 0, 0.5, 'float32', seed + 3),
    ] as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const weights = tf.randomNormal([T + 1, B, H], 0, 1, 'float32', seed + 4);
    const via = (k: CellKernels) => (xs: tf.Tensor, w: tf.Tensor, h0: tf.Tensor, c0: tf.Tensor) =>
      recurrence(xs, w, h0, c0, options, k);
    const traced = (xs: tf.Tensor, w: tf.Tensor, h0: tf.Tensor, c0: tf.Tensor) => {
      const trace = recurrenceTraced(xs, w, h0, c0, options);
      return tf.concat([trace.hs, tf.expandDims(trace.cT, 0)]);
    };
    const fusedValue = via(kernels)(...args);
    const diffs = [
      maxAbs(tf.sub(fusedValue, via(plainCellKernels)(...args))),
      maxAbs(tf.sub(fusedValue, traced(...args))),
    ];
    const fusedGrads = tf.grads(lossOf(weights, via(kernels)))(args);
    const plainGrads = tf.grads(lossOf(weights, via(plainCellKernels)))(args);
    const autoGrads = tf.grads(lossOf(weights, traced))(args);
    fusedGrads.forEach((g, k) => diffs.push(relDiff(g, plainGrads[k] as tf.Tensor)));
    fusedGrads.forEach((g, k) => diffs.push(relDiff(g, autoGrads[k] as tf.Tensor)));
    return tf.stack(diffs);
  });
}

export async function checkCellKernels(
  kernels: CellKernels,
  sizes: CheckSizes = { steps: 4, batch: 3, hidden: 8 },
  tolerance = 1e-4,
  cases: CheckCase[] = CHECK_CASES,
): Promise<CheckReport> {
  const results: CaseResult[] = [];
  for (const [n, { label, options }] of cases.entries()) {
    const detach = options.detach?.slice(0, sizes.steps);
    const diffs = caseDiffs(kernels, sizes, { ...options, detach }, 1000 + 10 * n);
    const d = Array.from(await diffs.data());
    diffs.dispose();
    const forwardVsPlain = d[0] as number;
    const forwardVsTraced = d[1] as number;
    const gradsVsPlain = d.slice(2, 6);
    const gradsVsAutodiff = d.slice(6, 10);
    // NaN fails every comparison, so it fails the check.
    const ok = [forwardVsPlain, forwardVsTraced, ...gradsVsPlain, ...gradsVsAutodiff].every((x) => x <= tolerance);
    results.push({ label, forwardVsPlain, forwardVsTraced, gradsVsPlain, gradsVsAutodiff, ok });
  }
  return {
    backend: tf.getBackend(),
    kernels: kernels.name,
    sizes,
    tolerance,
    cases: results,
    ok: results.every((r) => r.ok),
  };
}
