import { stepFlops } from './flops';
import { log } from './log';
import { CELL_TIMEOUT_MS, MATMUL_SIZES, PLAN, sizes } from './options';
import { BenchSession, TimeoutError } from './session';
import { backendLabel, type BackendName, type BenchResults, type Impl, IMPLS, SIZES, type SizeName, type Threads, type ThroughputRow, type TimingPlan, unmeasuredRow } from './types';

/** The throughput cells of one backend: the matmul ceiling, then every size × implementation. */
const SIZE_ORDER: SizeName[] = ['small', 'medium', 'large'];

/**
 * GPU backends compile shaders during their first steps and get two warm-up steps; wasm and cpu
 * compile nothing, and one warm-up step (Adam's slots, caches) is enough there.
 */
function planFor(backend: BackendName): TimingPlan {
  return backend === 'webgpu' || backend === 'webgl' ? PLAN : { ...PLAN, warmupSteps: Math.min(PLAN.warmupSteps, 1) };
}

function skippedRow(backend: BackendName, threads: Threads, size: SizeName, impl: Impl, reason: string): ThroughputRow {
  return { ...unmeasuredRow({ backend, threads, size, impl, vocab: 0 }), skipped: reason };
}

/**
 * Why a cell is hopeless, judged from the same backend and implementation at the next smaller size:
 * that one was already skipped, or its seconds per step scaled by the FLOP count would pass the cell's
 * time limit (per-kernel overhead does not grow with size, so the scaling over-estimates and skips
 * only what cannot fit). Null when the cell should run.
 */
function hopeless(results: BenchResults, backend: BackendName, threads: Threads, size: SizeName, impl: Impl, steps: number): string | null {
  const smaller = SIZE_ORDER[SIZE_ORDER.indexOf(size) - 1];
  const row = smaller && results.rows.find((r) => r.backend === backend && r.threads === threads && r.size === smaller && r.impl === impl);
  if (!smaller || !row) return null;
  if (row.skipped) return `the ${smaller} size was already skipped`;
  // The small size is dominated by per-kernel overhead: scaling it by FLOPs predicted 51 s a medium
  // step on cpu where 12 s were measured. Only medium → large is predicted.
  if (!row.chars_per_s || smaller !== 'medium') return null;
  const seconds = (SIZES[smaller].batch * SIZES[smaller].seqLen) / row.chars_per_s;
  const predicted = seconds * (stepFlops(SIZES[size], row.vocab) / stepFlops(SIZES[smaller], row.vocab));
  if (predicted * steps * 1000 <= CELL_TIMEOUT_MS) return null;
  return `predicted ${predicted.toFixed(0)} s a step from the ${smaller} size: ${steps} steps would pass the ${CELL_TIMEOUT_MS / 1000} s limit of a cell`;
}

/**
 * Every backend in sessions of its own (a fresh browser), so that one backend's leftovers cannot
 * slow the next; a cell that runs past the time limit is recorded as skipped and its session replaced.
 */
export async function benchBackend(url: string, backend: BackendName, results: BenchResults, blocked: string[]): Promise<void> {
  let session: BenchSession | null = null;
  let label: string = backend;
  const open = async () => {
    session = await BenchSession.open(url, backend, blocked, results.notes);
    return session;
  };
  try {
    const first = await open();
    const threads = first.start.threads;
    label = backendLabel(backend, threads);
    results.backends.push(first.start);
    log(label, first.start.ok ? 'started' : `did not start: ${first.start.reason}`, first.start.fusedCell ? `(fused cell ${first.start.fusedCell})` : '');
    if (!first.start.ok) return;
    try {
      const ceiling = await first.call('ceiling', CELL_TIMEOUT_MS, backend, MATMUL_SIZES, planFor(backend));
      results.ceilings.push(ceiling);
      log(label, ceiling.gflops != null ? `matmul ${ceiling.n}: ${ceiling.gflops.toFixed(2)} GFLOP/s` : `matmul skipped: ${ceiling.skipped}`);
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
      results.ceilings.push({ backend, threads, impl: 'matmul-ceiling', n: 0, gflops: null, windows: [], skipped: e.message });
      await first.close();
      await open();
    }
    for (const size of sizes) {
      for (const impl of IMPLS) {
        const t0 = Date.now();
        const reason = hopeless(results, backend, threads, size, impl, planFor(backend).warmupSteps + PLAN.windows);
        let row: ThroughputRow;
        if (reason) {
          row = skippedRow(backend, threads, size, impl, reason);
        } else {
          const current = session ?? (await open());
          try {
            row = await current.call('throughput', CELL_TIMEOUT_MS, backend, size, impl, planFor(backend));
          } catch (e) {
            if (!(e instanceof TimeoutError)) throw e;
            row = skippedRow(backend, threads, size, impl, `warm-up and windows ${e.message} (the limit of a cell)`);
            await current.close();
            session = null;
          }
        }
        results.rows.push(row);
        const took = ((Date.now() - t0) / 1000).toFixed(0);
        log(label, size, impl, row.skipped ? `skipped: ${row.skipped}` : `${Math.round(row.chars_per_s ?? 0)} chars/s, ${row.kernels_per_step} kernels/step, tensors +${row.tensors_growth} (${took} s)`);
      }
      if (!hopeless(results, backend, threads, size, 'gatelab-g2', 2 * (planFor(backend).warmupSteps + PLAN.windows))) {
        // G2 against the LSTM in interleaved windows: the ratio of the 95 % target, robust to the machine's load changing.
        const current = session ?? (await open());
        try {
          // Twice a cell's time: both models' windows.
          const pair = await current.call('paired', 2 * CELL_TIMEOUT_MS, backend, size, planFor(backend));
          (results.paired ??= []).push(pair);
          log(label, size, `g2 ÷ lstm interleaved: ${(100 * pair.g2_over_lstm).toFixed(1)} % (pairs ${pair.ratios.join(', ')})`);
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
          results.notes.push(`${label} ${size}: the interleaved g2 ÷ lstm windows ${e.message}`);
          await current.close();
          session = null;
        }
      }
      const layers = results.rows.find((r) => r.backend === backend && r.threads === threads && r.size === size && r.impl === 'tfjs-layers-lstm');
      if (backend === 'wasm' && layers && !layers.skipped) {
        // The reference again, on the kernel fixes the app installs: how much of the gain any tfjs model would get.
        const current = session ?? (await open());
        try {
          const extra = await current.call('throughput', CELL_TIMEOUT_MS, backend, size, 'tfjs-layers-lstm', planFor(backend), 'gatelab-fixes');
          (results.extra_rows ??= []).push(extra);
          log(label, size, 'tfjs-layers-lstm on the fixed wasm kernels', `${Math.round(extra.chars_per_s ?? 0)} chars/s`);
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
          await current.close();
          session = null;
        }
      }
    }
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    results.notes.push(`${label}: the bench stopped early: ${message}`);
    log(label, 'failed:', message);
  } finally {
    await (session as BenchSession | null)?.close();
  }
}

