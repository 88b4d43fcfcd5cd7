import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { copyExample } from '../../../src/data/synthetic';
import { disposeState, forward, zeroState } from '../../../src/model/charLM';
import { type Checkpoint, decodeCheckpoint } from '../../../src/model/checkpoint';
import { defaultEvaluationMode, evaluationGates } from '../../../src/model/gates';
import { disposeParams, initParams, writeParams } from '../../../src/model/params';
import { SeedStream } from '../../../src/model/seeds';
import { trainingWindow } from '../../../src/data/batches';
import { prepareCorpus } from '../../../src/worker/corpus';
import { harness, settings as engineSettings } from './engineHarness';
import { gateTextShape, RECALL_EXAMPLES, RECALL_SEED_OFFSET, statsShape, statsTokens } from '../../../src/worker/reports';

/** The copying task, short: delay 5, 3 steps, with and without h-detach (four models). */
const settings = engineSettings({
  corpus: { kind: 'builtin', id: 'copying' },
  embedding: 8,
  hDetach: 0.5,
  targetSteps: 3,
  compareHDetach: true,
  copyDelay: 5,
  backend: 'cpu',
});

/**
 * Recall of a checkpoint on the engine's held-out copying examples (the seed offset and count the engine
 * documents), computed apart from the engine: the traced recurrence, argmax and a count per example.
 */
async function recallOf({ config, values }: Checkpoint, symbols: readonly string[]) {
  const seeds = new SeedStream(settings.seed + RECALL_SEED_OFFSET);
  const examples = Array.from({ length: RECALL_EXAMPLES }, () => copyExample(seeds, settings.copyDelay));
  const params = initParams(config, new SeedStream(0));
  writeParams(params, values);
  const steps = Array.from(examples[0]?.line ?? '').length;
  const ids = tf.tensor1d(
    Array.from({ length: steps * examples.length }, (_, r) => symbols.indexOf(Array.from(examples[r % examples.length]?.line ?? '')[Math.floor(r / examples.length)] ?? '')),
    'int32',
  );
  const state = zeroState(config, examples.length);
  const gates = evaluationGates(config.cell, defaultEvaluationMode(config.cell), config.tau);
  const out = forward(params, config, ids, steps, state, { gates, seeds: new SeedStream(0), path: 'traced' });
  const predicted = (await tf.argMax(out.logits, 1).array()) as number[];
  let right = 0;
  let whole = 0;
  examples.forEach((example, b) => {
    const line = Array.from(example.line);
    let here = 0;
    for (let t = example.recallStart; t < example.recallStart + 10; t++) if (symbols[predicted[(t - 1) * examples.length + b] as number] === line[t]) here++;
    right += here;
    if (here === 10) whole++;
  });
  tf.dispose([ids, out.logits, ...out.gates]);
  disposeState(state);
  disposeState(out.state);
  disposeParams(params);
  return { symbolAccuracy: right / (10 * examples.length), sequenceAccuracy: whole / examples.length };
}

describe('copying corpus', () => {
  it('trains on windows of whole examples, so the delay is never cut by a window', async () => {
    // Delay 5: 10 symbols, 4 blanks, ':', 10 symbols, '\n' = 26 characters; a window of 40 becomes 2 examples.
    const corpus = await prepareCorpus({ ...settings, seqLen: 40 });
    expect(trainingWindow(40, corpus.exampleLength)).toBe(52);
    const next = corpus.batches(settings.batch, 40);
    for (let w = 0; w < 6; w++) {
      const { inputs, resetState } = next();
      expect(resetState).toBe(true);
      expect(inputs.length).toBe(52 * settings.batch);
      const row = (t: number) => corpus.decode(inputs.subarray(t * settings.batch, (t + 1) * settings.batch));
      for (const t of [0, 26]) expect(row(t)).toMatch(/^[1-8]{4}$/);
      for (const t of [14, 40]) expect(row(t)).toBe('::::');
      expect(row(51)).toBe('\n'.repeat(4));
    }
    // Another text keeps the window asked for.
    const prose = await prepareCorpus({ ...settings, corpus: { kind: 'builtin', id: 'brackets' }, seqLen: 40 });
    expect(trainingWindow(40, prose.exampleLength)).toBe(40);
  });

  it('takes its statistics on whole validation examples, one a stream, as it trains', async () => {
    const corpus = await prepareCorpus(settings);
    // The split falls between examples: the validation text opens on one.
    expect(corpus.decode(corpus.valid.subarray(0, 26))).toMatch(/^[1-8]{10}-{4}:[1-8]{10}\n$/);
    expect(statsShape(corpus)).toEqual({ streams: 19, seqLen: 26 });
    const tokens = statsTokens(corpus);
    expect(tokens.length).toBe(19 * 26 + 1);
    for (let k = 0; k < 19; k++) expect(corpus.decode(tokens.subarray(k * 26, (k + 1) * 26))).toMatch(/^[1-8]{10}-{4}:[1-8]{10}\n$/);
    // Prose keeps 8 streams of 64.
    const prose = await prepareCorpus({ ...settings, corpus: { kind: 'builtin', id: 'brackets' } });
    expect(statsShape(prose)).toEqual({ streams: 8, seqLen: 64 });
    // Gates over text: the whole examples nearest 96 characters, each from a zero state; prose, 96 running on.
    expect(gateTextShape(corpus)).toEqual({ chars: 104, seqLen: 26, freshWindows: true });
    expect(gateTextShape(prose)).toEqual({ chars: 96, seqLen: 96, freshWindows: false });
  });
});

describe('training engine, copying recall', () => {
  it('posts the recall of every model at the start, at the last step and on pause', async () => {
    const h = harness();
    await h.engine.handle({ type: 'configure', runId: 1, settings });
    expect(h.of('recall').map((e) => e.step)).toEqual([0]);
    await h.engine.handle({ type: 'start', runId: 1 });
    await h.until(() => h.last('status')?.status === 'paused' && h.last('status')?.step === 3);
    // The run's last step gets one whatever the periodic interval, and so does the pause.
    expect(h.of('recall').at(-1)?.step).toBe(3);
    await h.engine.handle({ type: 'pause', runId: 1 });
    expect(h.of('recall').at(-1)?.step).toBe(3);
    expect(h.of('recall').length).toBeGreaterThanOrEqual(3);
    for (const event of h.of('recall')) {
      expect(event.runId).toBe(1);
      expect(event.delay).toBe(5);
      expect(event.models.map((m) => m.model)).toEqual(['g2', 'lstm', 'g2+hd', 'lstm+hd']);
    }
    // Each model's recall is that of its own weights at step 3 (the pause hands them over), scored here from
    // the traced recurrence and a count of our own.
    const weights = h.last('checkpoint');
    expect(weights?.step).toBe(3);
    const corpus = await prepareCorpus(settings);
    for (const m of h.of('recall').at(-1)?.models ?? []) {
      const file = weights?.files.find((f) => f.model === m.model);
      expect(await recallOf(decodeCheckpoint(file?.bytes as ArrayBuffer), corpus.vocab.symbols)).toEqual({
        symbolAccuracy: m.symbolAccuracy,
        sequenceAccuracy: m.sequenceAccuracy,
      });
    }
    // The same fresh examples every time: unchanged weights give the same recall.
    const [a, b] = h.of('recall').slice(-2);
    expect(b?.models).toEqual(a?.models);
  });

  it('posts no recall on other texts', async () => {
    const h = harness();
    await h.engine.handle({ type: 'configure', runId: 1, settings: { ...settings, corpus: { kind: 'builtin', id: 'brackets' }, cells: ['lstm'], compareHDetach: false } });
    await h.engine.handle({ type: 'step', runId: 1 });
    expect(h.events.some((e) => e.type === 'statistics')).toBe(true);
    expect(h.of('recall')).toEqual([]);
  });
});
