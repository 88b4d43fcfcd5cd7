import type { WasmThreads } from '../worker/protocol';
import { remainingMs, type RunView } from './runState';

/** Why wasm runs on one thread where it does: the one thing a host can change (README, Hosting). */
export function threadsText({ count, isolated }: WasmThreads): string {
  const threads = `${count} thread${count === 1 ? '' : 's'}`;
  return isolated ? threads : `${threads}: the page is not cross-origin isolated, so wasm cannot use more`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

const ms = (value: number) => (value < 10 ? value.toFixed(1) : String(Math.round(value)));

/** The backend measurement under way: each backend tried, its time or why it failed. */
function probeText(view: RunView): string {
  return view.probes.map((p) => `${p.backend} ${p.failed ? `failed (${p.failed})` : p.msPerStep !== undefined ? `${ms(p.msPerStep)} ms` : '…'}`).join(', ');
}

export function StatusLine({ view, savedStep, onMeasureAgain }: { view: RunView; savedStep: number | null; onMeasureAgain: () => void }) {
  const backend = view.backend
    ? `${view.backend}${view.adapter ? ` (${view.adapter.vendor || 'GPU'}${view.adapter.isFallbackAdapter ? ', software adapter' : ''})` : ''}`
    : 'starting…';
  const left = remainingMs(view);
  const remaining = left === null ? '' : ` · about ${duration(left)} left`;
  const rate = view.status === 'running' && view.rateSamples > 0;
  return (
    <p className="status" role="status" aria-live="polite" data-testid="status">
      {/* The run first: at a narrow width the backend's details are cut, never the step, the speed or the time left. */}
      <span className="status-progress">
        <span data-testid="status-run">{view.status}</span> · step <span data-testid="step">{view.step}</span>
        {view.targetSteps ? ` of ${view.targetSteps}` : ''}
        {/* The rate of a stopped run would be that of its last few steps, often none: only a running one has a speed. */}
        {rate && (
          <span data-testid="rate">
            {' '}
            · {Math.round(view.msPerStep)} ms/step, {Math.round(view.charsPerSec).toLocaleString('en')} chars/s
          </span>
        )}
        {/* Before its first measured step a running run has no rate; that step can take long (kernels compile). */}
        {view.status === 'running' && view.rateSamples === 0 && <span data-testid="first-step"> · working on the first step…</span>} ·{' '}
        {duration(view.elapsedMs)} elapsed{remaining}
        {savedStep !== null && <span data-testid="saved-step"> · saved at step {savedStep}</span>}
      </span>
      <span className="status-backend">
        {' '}
        · Backend: {backend}
        {view.backend === 'wasm' && view.wasmThreads && <span data-testid="threads"> ({threadsText(view.wasmThreads)})</span>}
        {view.probes.length > 0 && <span data-testid="backend-probes"> · measuring the backends: {probeText(view)}</span>}
        {view.timings && view.timings.length > 1 && (
          <span data-testid="backend-timings">
            {' '}
            <button type="button" className="link-button" onClick={onMeasureAgain}>
              Measure again
            </button>{' '}
            ({view.timingsRemembered ? 'remembered from an earlier visit' : 'measured'}, one step of a forward LSTM window:{' '}
            {view.timings.map((t) => `${t.backend} ${ms(t.msPerStep)}`).join(', ')} ms)
          </span>
        )}
      </span>
    </p>
  );
}
