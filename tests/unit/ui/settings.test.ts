import { describe, expect, it } from 'vitest';
import { COMPARE_HDETACH_P, copyWindowNote, quickCopySettings, settingsChanges, withCompareHDetach } from '../../../src/ui/settings';
import { detachTwin, runModels } from '../../../src/contract/models';
import { DEFAULT_SETTINGS } from '../../../src/contract/runSettings';
import type { RunSettings } from '../../../src/contract/runSettings';

describe('copying window note', () => {
  it('says how many whole examples a window holds at the chosen delay', () => {
    expect(copyWindowNote({ seqLen: 32, copyDelay: 10 })).toContain('1 × 31 = 31 characters');
    expect(copyWindowNote({ seqLen: 64, copyDelay: 10 })).toContain('2 × 31 = 62 characters');
    // The default delay 50 (71 characters) is longer than the default window 32: one example, not a cut one.
    expect(copyWindowNote({ seqLen: 32, copyDelay: 50 })).toContain('1 × 71 = 71 characters');
  });
});

describe('quick copying settings', () => {
  it('set delay 10, learning rate 0.01 and forget-gate bias +3, keep everything else, and are offered only when they change something', () => {
    const quick = quickCopySettings(DEFAULT_SETTINGS);
    expect(quick).toEqual({ ...DEFAULT_SETTINGS, copyDelay: 10, lr: 0.01, forgetBias: 3 });
    expect(quickCopySettings(quick as NonNullable<typeof quick>)).toBeNull();
    // Some already set: the others still change.
    expect(quickCopySettings({ ...DEFAULT_SETTINGS, copyDelay: 10, lr: 0.005, forgetBias: 3 })).toMatchObject({ copyDelay: 10, lr: 0.01, forgetBias: 3 });
    expect(quickCopySettings({ ...DEFAULT_SETTINGS, copyDelay: 10, lr: 0.01 })).toMatchObject({ copyDelay: 10, lr: 0.01, forgetBias: 3 });
  });
});

describe('With and without h-detach', () => {
  it('ticked at h-detach p 0 sets p too (the twins need p > 0); another p is kept, and unticking keeps p', () => {
    const ticked = withCompareHDetach({ ...DEFAULT_SETTINGS, hDetach: 0 }, true);
    expect(ticked).toMatchObject({ compareHDetach: true, hDetach: COMPARE_HDETACH_P });
    expect(runModels(ticked)).toEqual(['g2', 'lstm', detachTwin('g2'), detachTwin('lstm')]);
    expect(withCompareHDetach({ ...DEFAULT_SETTINGS, hDetach: 0.5 }, true).hDetach).toBe(0.5);
    expect(withCompareHDetach(ticked, false)).toMatchObject({ compareHDetach: false, hDetach: COMPARE_HDETACH_P });
  });
});

describe('what Apply would change', () => {
  const running: RunSettings = { ...DEFAULT_SETTINGS, corpus: { kind: 'builtin', id: 'moby-dick' } };
  it('lists the fields that differ from the run on screen; τ and Steps apply at once and are never listed', () => {
    expect(settingsChanges({ ...DEFAULT_SETTINGS }, 'auto', running)).toEqual([]);
    expect(settingsChanges({ ...DEFAULT_SETTINGS, tau: 0.2, targetSteps: 9000 }, 'auto', running)).toEqual([]);
    const changes = settingsChanges({ ...DEFAULT_SETTINGS, hidden: 128, cells: ['lstm'], copyDelay: 10 }, 'wasm', running);
    // In the words of the controls: the Models checkboxes' names, the Backend menu's 'Fastest available'.
    expect(changes.map((c) => `${c.label} ${c.from} → ${c.to}`)).toEqual([
      'Hidden size 64 → 128',
      'Models G2-LSTM and LSTM → LSTM',
      'Backend fastest available → wasm',
    ]);
    const twins = settingsChanges({ ...DEFAULT_SETTINGS, cells: ['g2', 'lstm', 'beta'], compareHDetach: true }, 'auto', running);
    expect(twins.map((c) => `${c.label} ${c.from} → ${c.to}`)).toEqual([
      'Models G2-LSTM and LSTM → G2-LSTM, LSTM and Beta-LSTM',
      'With and without h-detach off → on',
    ]);
    // The copying task's delay counts only on the copying task.
    const copying = { ...running, corpus: { kind: 'builtin' as const, id: 'copying' } };
    expect(settingsChanges({ ...DEFAULT_SETTINGS, copyDelay: 10 }, 'auto', copying).map((c) => c.key)).toEqual(['copyDelay']);
  });
});
