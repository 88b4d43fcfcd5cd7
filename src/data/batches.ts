import type { Batch } from '../model/trainer';
import { timeMajorWindow } from '../model/windows';

/**
 * Truncated-BPTT batches: the tokens are cut into `batch` contiguous streams read side by side in
 * windows of `seqLen`, so each stream's next window continues where its last one ended and the
 * recurrent state can be carried over. Arrays are time-major (index t·B + b). At the end of the
 * streams it starts over with `resetState`. `startWindow` (windows already read, any count) resumes a stream.
 */
export function batchStream(tokens: Int32Array, batch: number, seqLen: number, startWindow = 0): () => Batch {
  const perStream = Math.floor((tokens.length - 1) / batch);
  const windows = Math.floor(perStream / seqLen);
  if (windows < 1) {
    throw new Error(`${tokens.length} characters are too few for ${batch} streams of ${seqLen} characters`);
  }
  let window = Math.max(0, Math.floor(startWindow)) % windows;
  return () => {
    const { inputs, targets } = timeMajorWindow(tokens, batch, perStream, window * seqLen, seqLen);
    const resetState = window === 0;
    window = (window + 1) % windows;
    return { inputs, targets, resetState };
  };
}
