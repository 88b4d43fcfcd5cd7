import type { Size } from './types';

/**
 * FLOPs of one training step of a one-layer character LSTM, counted analytically from its matrix
 * products (a multiply-add is 2 FLOPs), per character:
 *   input projection  E × 4H,   recurrence  H × 4H,   decoder  H × V.
 * The backward pass costs about twice the forward (a gradient for the input and one for the weights
 * of every product), so a step is ≈ 3× the forward. Left out: the one-hot embedding product (a lookup
 * in disguise), gate nonlinearities, softmax and the optimizer, all O(H) or O(V) per character.
 * Both implementations do the same useful work, so the same count applies to each. (Gate Lab takes the
 * first layer's input projection from the table Emb·W_ih where that is cheaper, charLM.inputByTable: at
 * the medium size its products then do about 1.2 GFLOP a step fewer than counted here.)
 */
export function stepFlops(size: Size, vocab: number): number {
  const { hidden: H, embedding: E, batch: B, seqLen: T } = size;
  const forwardPerChar = 2 * (E * 4 * H + H * 4 * H + H * vocab);
  return 3 * forwardPerChar * T * B;
}

/** FLOPs of an n×n by n×n matrix product. */
export function matmulFlops(n: number): number {
  return 2 * n * n * n;
}
