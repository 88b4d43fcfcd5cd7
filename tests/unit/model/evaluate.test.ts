import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/model/evaluate';
import { disposeParams, initParams } from '../../../src/model/params';
import { SeedStream } from '../../../src/model/seeds';
import type { ModelConfig } from '../../../src/model/types';

const config: ModelConfig = { cell: 'lstm', vocabSize: 7, embedding: 6, hidden: 8, layers: 1, tau: 0.9, noiseP: 1 };
const tokens = Int32Array.from({ length: 3 * 10 + 1 }, (_, k) => (k * 5 + 2) % 7);
const soft = { mode: 'soft' as const, streams: 1, seqLen: 10 };

describe('evaluate, fresh windows', () => {
  it('scores each window from a zero state: the mean of the windows scored alone', async () => {
    const params = initParams(config, new SeedStream(3));
    const fresh = await evaluate(params, config, tokens, { ...soft, freshWindows: true });
    let sum = 0;
    for (let w = 0; w < 3; w++) sum += (await evaluate(params, config, tokens.subarray(10 * w, 10 * w + 11), soft)).loss;
    expect(fresh.loss).toBeCloseTo(sum / 3, 5);
    // The running state changes the later windows' loss, so the two readings differ.
    const running = await evaluate(params, config, tokens, soft);
    expect(Math.abs(running.loss - fresh.loss)).toBeGreaterThan(1e-6);
    // Starting each window over leaves no tensor behind.
    const before = tf.memory().numTensors;
    for (let k = 0; k < 5; k++) await evaluate(params, config, tokens, { ...soft, freshWindows: true });
    expect(tf.memory().numTensors).toBe(before);
    // Gate traces cover every step either way.
    const traced = await evaluate(params, config, tokens, { ...soft, freshWindows: true, traceGates: true });
    expect(traced.gates[0]?.input.length).toBe(30 * config.hidden);
    disposeParams(params);
  });
});
