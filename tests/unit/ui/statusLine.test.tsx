// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { initialRunView, type RunView } from '../../../src/ui/runState';
import { StatusLine } from '../../../src/ui/StatusLine';
import { render } from './render';

const view = (over: Partial<RunView>): RunView => ({ ...initialRunView, backend: 'wasm', targetSteps: 2000, ...over });

describe('status line', () => {
  it('a running run without a measured step yet says it is working on its first step; then its rate', () => {
    const first = render(<StatusLine view={view({ status: 'running', step: 0, rateSamples: 0 })} savedStep={null} onMeasureAgain={() => {}} />);
    expect(first.querySelector('[data-testid="first-step"]')?.textContent).toBe(' · working on the first step…');
    const later = render(<StatusLine view={view({ status: 'running', step: 3, rateSamples: 2, charsPerSec: 900, msPerStep: 40 })} savedStep={null} onMeasureAgain={() => {}} />);
    expect(later.querySelector('[data-testid="first-step"]')).toBeNull();
    expect(later.querySelector('[data-testid="rate"]')?.textContent).toContain('40 ms/step');
    const paused = render(<StatusLine view={view({ status: 'paused', step: 0 })} savedStep={null} onMeasureAgain={() => {}} />);
    expect(paused.querySelector('[data-testid="first-step"]')).toBeNull();
  });
});
