import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bitsPerChar } from '../../../src/model/charLM';
import { prepareCorpus } from '../../../src/worker/corpus';
import { statsShape, statsTokens } from '../../../src/worker/reports';
import { chapter, harness, settings } from '../worker/engineHarness';
import { pythonOk, requireTorch } from './python';

/**
 * G2 weights trained by `python3 -m gatelab_torch.train` open through the page's worker code (the engine's
 * importWeights, driven in Node as in tests/unit/worker/engine.test.ts) and show the validation loss PyTorch
 * computes on the same validation slice.
 */
const dir = mkdtempSync(join(tmpdir(), 'gatelab-torch-import-'));
const textPath = join(dir, 'chapter1.txt');
const outDir = join(dir, 'run');
const run = settings({ cells: ['g2', 'lstm'], hidden: 16, embedding: 16, layers: 1, seqLen: 16, batch: 4, tau: 0.7 });

describe('weights trained by PyTorch in the page', () => {
  beforeAll(async () => {
    await requireTorch();
    writeFileSync(textPath, chapter);
    const args = ['--text', textPath, '--cell', 'g2', '--hidden', '16', '--embedding', '16', '--tau', '0.7', '--seq', '16', '--batch', '4', '--steps', '6', '--eval-every', '6', '--lr', '0.02', '--init-bound', '1', '--out', outDir];
    await pythonOk(['-m', 'gatelab_torch.train', ...args]);
  }, 240_000);

  it('load into the run’s G2-LSTM and show the validation loss PyTorch computes', async () => {
    const h = harness();
    await h.engine.handle({ type: 'configure', runId: 1, settings: run });
    const before = h.last('statistics')?.models[0]?.validBpcSoft as number;
    const bytes = readFileSync(join(outDir, 'weights.safetensors'));
    await h.engine.handle({ type: 'importWeights', runId: 1, model: 'g2', bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
    const imported = h.last('imported');
    expect(h.last('error')).toBeUndefined();
    expect(imported?.model).toBe('g2');
    expect(imported?.inspection).toBeUndefined(); // the same vocabulary and sizes: loaded into the run, not shown aside
    const shown = h.last('statistics')?.models.find((m) => m.model === 'g2')?.validBpcSoft as number;

    // PyTorch's loss on the slice the page validates on (same text, same vocabulary, same streams and windows).
    const corpus = await prepareCorpus(run);
    const { streams, seqLen } = statsShape(corpus);
    const jobs = join(dir, 'jobs.json');
    writeFileSync(jobs, JSON.stringify([{ weights: join(outDir, 'weights.safetensors'), tokens: Array.from(statsTokens(corpus)), evals: [{ mode: 'soft', streams, seqLen }] }]));
    const [torch] = JSON.parse(await pythonOk(['tests/python/gatelab_torch_agreement.py', jobs])) as { losses: number[] }[];
    const expected = bitsPerChar(torch?.losses[0] as number);
    expect(Math.abs(shown - expected) / expected).toBeLessThan(1e-4);
    // The six PyTorch steps moved the loss away from where the run's own initial weights were.
    expect(Math.abs(shown - before)).toBeGreaterThan(1e-3);
    await tf.setBackend('cpu');
  }, 240_000);
});
