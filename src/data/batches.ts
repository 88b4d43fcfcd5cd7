import type { Batch } from '../model/trainer';
import { timeMajorWindow } from '../model/windows';

/**
 * Truncated-BPTT batches: the tokens are cut into `batch` contiguous streams read side by side in
 * windows of `seqLen`, so each stream's next window continues where its last one ended and the
 * recurrent state can be carried over. Arrays are time-major (index t·B + b). At the end of the
 * streams it starts over with `resetState`. `startWindow` (windows already read, any count) resumes a stream.
 *
 * `exampleLength`, for a text of independent examples of one length starting at its first character (the
 * copying task): the streams are cut, and the windows start, at example boundaries, and every window starts
 * from a zero state. A window then never splits an example, so the gradient reaches from each recalled
 * symbol back to where it was stored however long the delay; `seqLen` must be a multiple of it.
 */
export function batchStream(tokens: Int32Array, batch: number, seqLen: number, startWindow = 0, exampleLength?: number): () => Batch {
  if (exampleLength !== undefined && (!(exampleLength >= 1) || seqLen % exampleLength !== 0)) {
    throw new Error(`a window of ${seqLen} characters does not hold whole examples of ${exampleLength}`);
  }
  const unit = exampleLength ?? 1;
  const perStream = Math.floor((tokens.length - 1) / batch / unit) * unit;
  const windows = Math.floor(perStream / seqLen);
  if (windows < 1) {
    throw new Error(`${tokens.length} characters are too few for ${batch} streams of ${seqLen} characters`);
  }
  let window = Math.max(0, Math.floor(startWindow)) % windows;
  return () => {
    const { inputs, targets } = timeMajorWindow(tokens, batch, perStream, window * seqLen, seqLen);
    const resetState = window === 0 || exampleLength !== undefined;
    window = (window + 1) % windows;
    return { inputs, targets, resetState };
  };
}

/**
 * The training window for a requested `seqLen`: itself, or, on a text of examples of `exampleLength`, the
 * whole number of them nearest it, at least one.
 */
export function trainingWindow(seqLen: number, exampleLength?: number): number {
  return exampleLength === undefined ? seqLen : Math.max(1, Math.round(seqLen / exampleLength)) * exampleLength;
}
