import type { WasmThreads } from '../worker/protocol';
import type { RunView } from './runState';

/** Why wasm runs on one thread where it does: the one thing a host can change (README, Hosting). */
export function threadsText({ count, isolated }: WasmThreads): string {
  const threads = `${count} thread${count === 1 ? '' : 's'}`;
  return isolated ? threads : `${threads}: the page is not cross-origin isolated, so wasm cannot use more`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

export function StatusLine({ view, savedStep }: { view: RunView; savedStep: number | null }) {
  const backend = view.backend
    ? `${view.backend}${view.adapter ? ` (${view.adapter.vendor || 'GPU'}${view.adapter.isFallbackAdapter ? ', software adapter' : ''})` : ''}`
    : 'starting…';
  const remaining =
    view.status === 'running' && view.charsPerSec > 0 && view.step > 0
      ? ` · about ${duration((view.elapsedMs / view.step) * Math.max(0, view.targetSteps - view.step))} left`
      : '';
  return (
    <p className="status" role="status" aria-live="polite" data-testid="status">
      <span>Backend: {backend}</span>
      {view.backend === 'wasm' && view.wasmThreads && <span data-testid="threads"> ({threadsText(view.wasmThreads)})</span>}
      {view.timings && view.timings.length > 1 && (
        <span data-testid="backend-timings">
          {' '}
          (fastest here: {view.timings.map((t) => `${t.backend} ${t.msPerStep.toFixed(1)}`).join(', ')} ms/step)
        </span>
      )}{' '}
      · <span data-testid="status-run">{view.status}</span> · step{' '}
      <span data-testid="step">{view.step}</span>
      {view.targetSteps ? ` of ${view.targetSteps}` : ''}
      {/* The rate of a stopped run would be that of its last few steps, often none: only a running one has a speed. */}
      {view.status === 'running' && ` · ${Math.round(view.charsPerSec)} chars/s`} ·{' '}
      {duration(view.elapsedMs)} elapsed{remaining}
      {savedStep !== null && <span data-testid="saved-step"> · saved at step {savedStep}</span>}
    </p>
  );
}
