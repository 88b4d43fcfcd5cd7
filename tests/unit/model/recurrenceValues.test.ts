import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { recurrenceTraced } from '../../../src/model/recurrence';
import { recurrenceValues } from '../../../src/model/recurrenceValues';
import { maxAbsDiff } from './maxAbsDiff';
import { recurrenceInputs } from './recurrenceInputs';

// H 6: the product's four-row blocks and the rows left over (6 = 4 + 2) are both taken.
const T = 7;
const B = 3;
const H = 6;

const inputs = (seed: number) => recurrenceInputs(seed, { T, B, H });

describe('recurrenceValues', () => {
  it.each([
    ['σ gates', false, false],
    ['binarized gates', true, false],
    ['gates held at constants', false, true],
  ])('gives the traced recurrence’s states and gate values (%s)', (_, hardGates, withFrozen) => {
    const x = inputs(hardGates ? 10 : withFrozen ? 20 : 30);
    const keep = Float32Array.from({ length: 4 * H }, (_, k) => (k % 3 === 0 ? 0 : 1));
    const frozen = withFrozen ? { keep: tf.tensor1d(keep), values: tf.tensor1d(keep.map((v, k) => (v ? 0 : 0.1 * (k % 7)))) } : undefined;
    const traced = recurrenceTraced(x.xs, x.wHh, x.h0, x.c0, { hardGates, frozen });
    const values = recurrenceValues(x.xs, x.wHh, x.h0, x.c0, { hardGates, frozen });
    const tracedGates = tf.concat([traced.gatesIF, traced.candidate, traced.output], 2);
    expect(values.gates.shape).toEqual([T, B, 4 * H]);
    expect(maxAbsDiff(values.gates, tracedGates)).toBeLessThan(1e-5);
    expect(maxAbsDiff(values.hs, traced.hs)).toBeLessThan(1e-5);
    expect(maxAbsDiff(values.hT, traced.hT)).toBeLessThan(1e-5);
    expect(maxAbsDiff(values.cT, traced.cT)).toBeLessThan(1e-5);
  });
});
