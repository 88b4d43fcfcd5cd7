/**
 * One window of `steps` characters from each of `streams` contiguous streams (stream b starts at
 * b · perStream), time-major (index t · streams + b), with next-character targets.
 */
export function timeMajorWindow(
  tokens: ArrayLike<number>,
  streams: number,
  perStream: number,
  start: number,
  steps: number,
): { inputs: Int32Array; targets: Int32Array } {
  const inputs = new Int32Array(steps * streams);
  const targets = new Int32Array(steps * streams);
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < streams; b++) {
      const at = b * perStream + start + t;
      inputs[t * streams + b] = tokens[at] as number;
      targets[t * streams + b] = tokens[at + 1] as number;
    }
  }
  return { inputs, targets };
}
