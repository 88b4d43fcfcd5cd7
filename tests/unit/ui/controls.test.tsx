// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { Controls, type ControlsProps } from '../../../src/ui/Controls';
import { DEFAULT_SETTINGS, type EditableSettings } from '../../../src/contract/runSettings';
import { render, typeKeys } from './render';
import { startHint } from '../../../src/ui/runState';

const noop = () => {};

function controls(onSettings: (s: EditableSettings) => void, changes: ControlsProps['changes'] = []) {
  const props: ControlsProps = {
    backend: 'auto', onBackend: noop, corpusId: 'moby-dick', uploadName: null, settings: DEFAULT_SETTINGS, running: false, canTrain: true,
    changes, onQuickCopy: noop,
    tau: 0.9, mode: 'stochastic', onCorpus: noop, onUpload: noop, onSettings, onApply: noop, onTrainPause: noop, onStep: noop, onReset: noop,
    onTau: noop, onMode: noop, onExport: noop, onImport: noop, onSavedRuns: noop, onCopyLink: noop,
  };
  return render(<Controls {...props} />);
}

/** Types a value into a number field as a person would (React listens to 'input'). */
function type(input: HTMLInputElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  act(() => {
    setter?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('number fields', () => {
  it('show what is typed key by key: τ 2 over 0.9 and hidden size 128 over 64 (an emptied field put its value back: 0.92, 641…)', () => {
    const taus: number[] = [];
    const taken: EditableSettings[] = [];
    const props: ControlsProps = {
      backend: 'auto', onBackend: noop, corpusId: 'moby-dick', uploadName: null, settings: DEFAULT_SETTINGS, running: false, canTrain: true,
      changes: [], onQuickCopy: noop,
      tau: 0.9, mode: 'soft', onCorpus: noop, onUpload: noop, onSettings: (s) => taken.push(s), onApply: noop, onTrainPause: noop, onStep: noop, onReset: noop,
      onTau: (t) => taus.push(t), onMode: noop, onExport: noop, onImport: noop, onSavedRuns: noop, onCopyLink: noop,
    };
    const el = render(<Controls {...props} />);
    const tau = el.querySelector<HTMLInputElement>('input[aria-label="Temperature τ value"]');
    const hidden = [...el.querySelectorAll('label')].find((l) => l.textContent?.startsWith('Hidden size'))?.querySelector('input');
    if (!tau || !hidden) throw new Error('missing field');
    typeKeys(tau, '2');
    expect(tau.value).toBe('2');
    expect(taus).toEqual([2]);
    typeKeys(hidden, '128');
    expect(hidden.value).toBe('128');
    expect(taken.at(-1)?.hidden).toBe(128);
  });

  it('take a whole number where one goes, and refuse a fraction with the reason', () => {
    const taken: EditableSettings[] = [];
    const el = controls((s) => taken.push(s));
    const hidden = [...el.querySelectorAll('label')].find((l) => l.textContent?.startsWith('Hidden size'))?.querySelector('input') as HTMLInputElement;
    type(hidden, '12.5');
    expect(taken).toEqual([]);
    expect(hidden.getAttribute('aria-invalid')).toBe('true');
    expect(el.querySelector('[role="status"]')?.textContent).toBe('Hidden size “12.5” is not a whole number; kept 64.');
    type(hidden, '128');
    expect(taken.map((s) => s.hidden)).toEqual([128]);
    expect(el.querySelector('[role="status"]')).toBeNull();
  });
});

describe('edited versus running', () => {
  it('marks the fields that differ from the run on screen and says in one bar what Apply would change', () => {
    const el = controls(noop, [{ key: 'hidden', label: 'Hidden size', from: '64', to: '128' }]);
    const label = (name: string) => [...el.querySelectorAll('label')].find((l) => l.textContent?.startsWith(name));
    expect(label('Hidden size')?.className).toBe('edited');
    expect(label('Batch')?.className).toBe('');
    expect(el.querySelector('[data-testid="pending-changes"]')?.textContent).toBe('Not applied: Hidden size 64 → 128. Apply restarts the run from step 0.');
    expect(controls(noop).querySelector('[data-testid="pending-changes"]')).toBeNull();
  });
});

describe('file pickers', () => {
  it('offer any file for a text (a LICENSE has no extension or type to filter on), and weights files, several at once, for weights', () => {
    const el = controls(noop);
    const picker = (name: string) => [...el.querySelectorAll('label.file-button')].find((l) => l.textContent === name)?.querySelector('input');
    expect(picker('Upload text')?.hasAttribute('accept')).toBe(false);
    expect(picker('Import weights')?.getAttribute('accept')).toBe('.safetensors,.zip,.json');
    expect(picker('Import weights')?.multiple).toBe(true);
    expect(picker('Upload text')?.multiple).toBe(false);
  });
});

describe('the start hint', () => {
  it('says to press Train on a new run waiting for its first step, and nothing once it trains or before its backend is ready', () => {
    const hint = startHint({ status: 'idle', step: 0, backend: 'wasm' });
    expect(hint).toMatch(/^Press Train/);
    expect(startHint({ status: 'running', step: 0, backend: 'wasm' })).toBeNull();
    expect(startHint({ status: 'idle', step: 3, backend: 'wasm' })).toBeNull();
    expect(startHint({ status: 'idle', step: 0, backend: null })).toBeNull();
    const props: ControlsProps = {
      backend: 'auto', onBackend: noop, corpusId: 'moby-dick', uploadName: null, settings: DEFAULT_SETTINGS, running: false, canTrain: true,
      changes: [], onQuickCopy: noop, hint,
      tau: 0.9, mode: 'soft', onCorpus: noop, onUpload: noop, onSettings: noop, onApply: noop, onTrainPause: noop, onStep: noop, onReset: noop,
      onTau: noop, onMode: noop, onExport: noop, onImport: noop, onSavedRuns: noop, onCopyLink: noop,
    };
    const el = render(<Controls {...props} />);
    const run = [...el.querySelectorAll('fieldset')].find((f) => f.querySelector('legend')?.textContent?.startsWith('Run'));
    expect(run?.querySelector('legend [data-testid="start-hint"]')?.textContent).toBe(` · ${hint}`);
    expect(run?.querySelector('button')?.textContent).toBe('Train');
  });
});
