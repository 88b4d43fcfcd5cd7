import { describe, expect, it } from 'vitest';
import { applyEvent, initialRunView, remainingMs, type RunView, STEADY_SAMPLES, validationSlice } from '../../../src/ui/runState';
import type { WorkerEvent } from '../../../src/worker/protocol';

const progress = (step: number, elapsedMs: number, charsPerSec: number): WorkerEvent => ({
  type: 'progress',
  runId: 1,
  step,
  targetSteps: 1000,
  charsPerSec,
  elapsedMs,
  models: [],
});

function running(): RunView {
  return applyEvent({ ...initialRunView, status: 'idle' }, { type: 'status', runId: 1, status: 'running', step: 0 });
}

describe('the status line rates', () => {
  it('chars/s is smoothed, ms per step is per training step, and the remaining time waits until the rate is steady', () => {
    let view = running();
    // Steps of 200 ms; the raw rate of each 100 ms report swings between 500 and 14,000 chars/s.
    const swings = [500, 14_000, 900, 12_000];
    for (let k = 1; k < STEADY_SAMPLES; k++) {
      view = applyEvent(view, progress(k, k * 200, swings[k % swings.length] as number));
      expect(remainingMs(view)).toBeNull();
    }
    view = applyEvent(view, progress(STEADY_SAMPLES, STEADY_SAMPLES * 200, 500));
    expect(view.msPerStep).toBeCloseTo(200, 6);
    expect(view.charsPerSec).toBeGreaterThan(3000);
    expect(view.charsPerSec).toBeLessThan(10_000);
    expect(remainingMs(view)).toBeCloseTo(200 * (1000 - STEADY_SAMPLES), 3);
    // A pause starts the measurement again: no remaining time from the old rate.
    view = applyEvent(view, { type: 'status', runId: 1, status: 'paused', step: STEADY_SAMPLES });
    view = applyEvent(view, { type: 'status', runId: 1, status: 'running', step: STEADY_SAMPLES });
    expect(remainingMs(view)).toBeNull();
  });
});

describe('the validation slice', () => {
  it('is named from the split the worker reports: its share of the text and its size in characters', () => {
    expect(validationSlice(initialRunView)).toBeNull();
    const ready = applyEvent(initialRunView, {
      type: 'ready',
      runId: 1,
      backend: 'wasm',
      adapter: null,
      models: ['g2', 'lstm'],
      vocabSize: 60,
      trainChars: 1_071_279,
      validChars: 119_031,
      corpusName: 'moby-dick',
      probeKey: 'k',
    });
    expect(validationSlice(ready)).toBe("the text's last 10 % (119,031 characters)");
    // The copying task's split falls on whole examples: its share is what the numbers say.
    expect(validationSlice({ trainChars: 2_925, validChars: 325 })).toBe("the text's last 10 % (325 characters)");
    expect(validationSlice({ trainChars: 800, validChars: 200 })).toBe("the text's last 20 % (200 characters)");
  });
});
