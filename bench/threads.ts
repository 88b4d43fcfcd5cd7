import { log } from './log';
import { CELL_TIMEOUT_MS, PLAN } from './options';
import { BenchSession, TimeoutError } from './session';
import { median } from './stats';
import { type BenchResults, SIZES, type SizeName } from './types';

/**
 * gatelab-g2 on wasm with every thread against single-threaded, measured like G2 against the LSTM
 * (page/paired.ts): two pages open at once, the cross-origin-isolated one (threaded build) and the plain
 * one (single-threaded build), each holding a G2 trainer, their windows interleaved (threaded, single,
 * single, threaded, …) so that a change in the machine's load hits both alike. The separate cells of
 * the table are timed minutes apart, and on a loaded machine one of them is often skipped for time.
 * Each pair gives one ratio; the row keeps their median.
 */
export async function measureThreads(isolatedUrl: string, plainUrl: string, size: SizeName, results: BenchResults, blocked: string[]): Promise<void> {
  const sessions: BenchSession[] = [];
  try {
    const threaded = await BenchSession.open(isolatedUrl, 'wasm', blocked, results.notes);
    sessions.push(threaded);
    const single = await BenchSession.open(plainUrl, 'wasm', blocked, results.notes);
    sessions.push(single);
    const threads = threaded.start.threads ?? 1;
    if (!threaded.start.ok || !single.start.ok || threads <= 1 || single.start.threads !== 1) {
      results.notes.push(`wasm threads vs 1: not measured (the isolated page started ${threads} thread(s), the plain page ${single.start.threads})`);
      return;
    }
    for (const s of sessions) await s.call('hold', CELL_TIMEOUT_MS, 'gatelab-g2', size);
    // One warm-up step each (wasm compiles nothing); the slower page's step sizes the windows.
    let slowest = 0;
    for (const s of sessions) slowest = Math.max(slowest, await s.call('heldWindow', CELL_TIMEOUT_MS, 1));
    const steps = Math.max(1, Math.round(PLAN.windowSeconds / slowest));
    const ratios: number[] = [];
    const rates: [number[], number[]] = [[], []];
    const chars = SIZES[size].batch * SIZES[size].seqLen;
    for (let w = 0; w < PLAN.windows; w++) {
      const order = w % 2 === 0 ? [0, 1] : [1, 0];
      const seconds = [0, 0];
      for (const k of order) seconds[k] = await (sessions[k] as BenchSession).call('heldWindow', CELL_TIMEOUT_MS, steps);
      const [threadedSeconds, singleSeconds] = seconds as [number, number];
      ratios.push(singleSeconds / threadedSeconds);
      rates[0].push((steps * chars) / threadedSeconds);
      rates[1].push((steps * chars) / singleSeconds);
    }
    const row = {
      size,
      threads,
      steps_per_window: steps,
      speedup: median(ratios),
      ratios: ratios.map((r) => +r.toFixed(4)),
      threaded_chars_per_s: median(rates[0]),
      single_chars_per_s: median(rates[1]),
    };
    (results.threads_pairs ??= []).push(row);
    log(`wasm ${size} gatelab-g2 ${threads} threads ÷ 1 thread interleaved: ${row.speedup.toFixed(2)}× (pairs ${row.ratios.join(', ')})`);
  } catch (e) {
    const message = e instanceof TimeoutError ? `a window ${e.message}` : e instanceof Error ? e.message.split('\n')[0] : String(e);
    results.notes.push(`wasm ${size} threads vs 1 thread (interleaved): not measured: ${message}`);
    log('wasm threads vs 1 thread failed:', message);
  } finally {
    for (const s of sessions) await s.close();
  }
}
