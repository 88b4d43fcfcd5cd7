import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/contract/runSettings';
import type { Trainer } from '../../../src/model/trainer';
import { buildTrainers } from '../../../src/worker/runConfig';

const corpus = { vocab: { symbols: [...'abcdefg'], unk: -1 } };
const settings = { ...DEFAULT_SETTINGS, hidden: 8, embedding: 4, batch: 2, seqLen: 8 };
let built: Trainer[] = [];
const keep = (trainers: Map<string, Trainer>) => {
  built.push(...trainers.values());
  return trainers;
};

afterEach(() => {
  for (const trainer of built) trainer.dispose();
  built = [];
});

describe('buildTrainers', () => {
  it('builds every model of the run in display order, each twin of an h-detach comparison with the probability', () => {
    const trainers = keep(buildTrainers({ ...settings, cells: ['g2', 'lstm'], hDetach: 0.25, compareHDetach: true }, corpus));
    expect([...trainers.keys()]).toEqual(['g2', 'lstm', 'g2+hd', 'lstm+hd']);
    expect([...trainers.values()].map((t) => t.config.cell)).toEqual(['g2', 'lstm', 'g2', 'lstm']);
    expect([...trainers.values()].map((t) => t.train.hDetach)).toEqual([0, 0, 0.25, 0.25]);
    const g2 = trainers.get('g2') as Trainer;
    expect(g2.config).toMatchObject({ vocabSize: 7, hidden: 8, embedding: 4, tau: settings.tau });
    expect(g2.train).toMatchObject({ batch: 2, seqLen: 8, lr: settings.lr, seed: settings.seed });
  });

  it('takes the window of whole examples on the copying task, the τ and the weights it is given', () => {
    const [first] = keep(buildTrainers({ ...settings, cells: ['g2'] }, corpus)).values();
    const [copy] = keep(
      buildTrainers({ ...settings, cells: ['g2'], seqLen: 10 }, { ...corpus, exampleLength: 4 }, { tau: 0.3, params: () => first?.params }),
    ).values();
    expect(copy?.train.seqLen).toBe(12);
    expect(copy?.config.tau).toBe(0.3);
    expect(copy?.params).toBe(first?.params);
  });

  it('gives configs no one can change: a new temperature is a new config', () => {
    const [trainer] = keep(buildTrainers({ ...settings, cells: ['g2'] }, corpus)).values();
    const before = trainer?.config;
    trainer?.setTau(0.5);
    expect(before?.tau).toBe(settings.tau);
    expect(trainer?.config.tau).toBe(0.5);
    expect(Object.isFrozen(trainer?.config)).toBe(true);
  });

  it("starts the forget gates at the run's forget-gate bias (issue 14's copying recipe); a given initialisation wins", async () => {
    const plain = keep(buildTrainers({ ...settings, cells: ['g2'] }, corpus)).get('g2') as Trainer;
    const biased = keep(buildTrainers({ ...settings, cells: ['g2'], forgetBias: 3 }, corpus)).get('g2') as Trainer;
    expect(plain.train.init).toBeUndefined();
    expect(biased.train.init).toEqual({ forgetBias: 3 });
    const H = settings.hidden;
    const [a, b] = await Promise.all([plain, biased].map((t) => t.params.layers[0]?.bias.data() as Promise<Float32Array>));
    // The same seed draws the same weights: the forget gates' biases (rows H..2H) differ by exactly 3, the others not at all.
    const diff = Array.from(b as Float32Array, (v, k) => v - (a as Float32Array)[k]!);
    expect(diff.slice(H, 2 * H).every((d) => Math.abs(d - 3) < 1e-6)).toBe(true);
    expect([...diff.slice(0, H), ...diff.slice(2 * H)].every((d) => d === 0)).toBe(true);
    const given = keep(buildTrainers({ ...settings, cells: ['g2'], forgetBias: 3 }, corpus, { init: { forgetBias: 1, bound: 0.1 } })).get('g2') as Trainer;
    expect(given.train.init).toEqual({ forgetBias: 1, bound: 0.1 });
  });
});
