/**
 * `npm run bench [-- --quick] [--sizes small,medium] [--backends webgl,wasm] [--no-responsiveness] [--no-build]`
 *
 * Builds the bench page and the app, serves both on 127.0.0.1, drives Debian's headless Chromium
 * through them and writes bench/results/latest.json and latest.md (and the README's bench section).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, launch, localContext } from './browser';
import { gitState, machine } from './machine';
import { stepFlops } from './flops';
import { updateReadme } from './readme';
import { markdown } from './report';
import { measureResponsiveness } from './responsiveness';
import { buildApp, buildBenchPage, serveApp, serveBenchPage } from './serve';
import { BenchSession, TimeoutError } from './session';
import {
  BACKENDS,
  type BackendName,
  type BenchResults,
  type Impl,
  IMPLS,
  type ResponsivenessResult,
  SIZES,
  type SizeName,
  type ThroughputRow,
  type TimingPlan,
} from './types';

const repo = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = `${repo}bench/results`;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    backends: { type: 'string' },
    'no-responsiveness': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'no-readme': { type: 'boolean', default: false },
    /** Seconds of timed windows allowed per cell (overrides the plan's). */
    budget: { type: 'string' },
    'cell-timeout': { type: 'string' },
  },
});

/**
 * Quick: medium only, windows of one step wherever a step takes over 0.75 s, a minute per cell at
 * most, and no CPU backend (it has no target and a medium step takes it over ten seconds). A cell
 * costs 2 warm-up + 5 timed steps (kernels are counted inside the timed windows).
 */
const PLAN: TimingPlan = {
  ...(args.quick
    ? { warmupSteps: 2, windows: 5, windowSeconds: 0.5, budgetSeconds: 40 }
    : { warmupSteps: 2, windows: 5, windowSeconds: 2, budgetSeconds: 120 }),
  ...(args.budget ? { budgetSeconds: Number(args.budget) } : {}),
};
const MATMUL_SIZES = [1024, 512, 256];
/** Wall-clock limit of one cell (warm-up included): past it the cell is recorded as skipped. */
const CELL_TIMEOUT_MS = 1000 * Number(args['cell-timeout'] ?? (args.quick ? 60 : 240));
const RESPONSIVE_SECONDS = 10;

function list<T extends string>(value: string | undefined, all: readonly T[], fallback: readonly T[]): T[] {
  if (!value) return [...fallback];
  const picked = value.split(',').map((s) => s.trim());
  const unknown = picked.filter((s) => !all.includes(s as T));
  if (unknown.length) throw new Error(`unknown: ${unknown.join(', ')} (choose from ${all.join(', ')})`);
  return picked as T[];
}

const sizes = list<SizeName>(args.sizes, ['small', 'medium', 'large'], args.quick ? ['medium'] : ['small', 'medium', 'large']);
const backends = list<BackendName>(args.backends, BACKENDS, args.quick ? ['webgpu', 'webgl', 'wasm'] : BACKENDS);
const responsiveBackends: (BackendName | 'default')[] = args['no-responsiveness'] ? [] : args.quick ? ['default'] : ['default', 'wasm'];

const log = (...parts: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);

function skippedRow(backend: BackendName, size: SizeName, impl: Impl, reason: string): ThroughputRow {
  return {
    backend,
    size,
    impl,
    chars_per_s: null,
    gflops: null,
    kernels_per_step: null,
    tensors_growth: null,
    bytes_growth: null,
    windows: [],
    steps_per_window: 0,
    vocab: 0,
    final_loss: null,
    skipped: reason,
  };
}

/**
 * Predicts a cell's seconds per step from the same backend and implementation at a smaller size,
 * scaled by the FLOP count (the per-kernel overhead does not grow, so this over-estimates: it only
 * skips cells that are hopeless). Null when no smaller size was measured.
 */
function predictedStepSeconds(results: BenchResults, backend: BackendName, size: SizeName, impl: Impl): number | null {
  const order: SizeName[] = ['small', 'medium', 'large'];
  for (const smaller of order.slice(0, order.indexOf(size)).reverse()) {
    const row = results.rows.find((r) => r.backend === backend && r.size === smaller && r.impl === impl && r.chars_per_s);
    if (!row?.chars_per_s) continue;
    const seconds = (SIZES[smaller].batch * SIZES[smaller].seqLen) / row.chars_per_s;
    return seconds * (stepFlops(SIZES[size], row.vocab) / stepFlops(SIZES[smaller], row.vocab));
  }
  return null;
}

/**
 * Every backend in sessions of its own (a fresh page and browser context), so that one backend's
 * leftovers cannot slow the next; a cell that runs past the time limit is recorded as skipped and
 * its session replaced.
 */
async function benchBackend(browser: Browser, url: string, backend: BackendName, results: BenchResults, blocked: string[]): Promise<void> {
  let session: BenchSession | null = null;
  const open = async () => {
    session = await BenchSession.open(browser, url, backend, blocked, results.notes);
    return session;
  };
  try {
    const first = await open();
    results.backends.push(first.start);
    log(backend, first.start.ok ? 'started' : `did not start: ${first.start.reason}`, first.start.fusedCell ? `(fused cell ${first.start.fusedCell})` : '');
    if (!first.start.ok) return;
    try {
      const ceiling = await first.call('ceiling', CELL_TIMEOUT_MS, backend, MATMUL_SIZES, PLAN);
      results.ceilings.push(ceiling);
      log(backend, ceiling.gflops != null ? `matmul ${ceiling.n}: ${ceiling.gflops.toFixed(2)} GFLOP/s` : `matmul skipped: ${ceiling.skipped}`);
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
      results.ceilings.push({ backend, impl: 'matmul-ceiling', n: 0, gflops: null, windows: [], skipped: e.message });
      await first.close();
      await open();
    }
    for (const size of sizes) {
      for (const impl of IMPLS) {
        const t0 = Date.now();
        const predicted = predictedStepSeconds(results, backend, size, impl);
        const steps = PLAN.warmupSteps + PLAN.windows;
        let row: ThroughputRow;
        if (predicted != null && predicted * steps * 1000 > CELL_TIMEOUT_MS) {
          row = skippedRow(backend, size, impl, `predicted ${predicted.toFixed(0)} s a step from the smaller size: ${steps} steps would pass the ${CELL_TIMEOUT_MS / 1000} s limit of a cell`);
        } else {
          const current = session ?? (await open());
          try {
            row = await current.call('throughput', CELL_TIMEOUT_MS, backend, size, impl, PLAN);
          } catch (e) {
            if (!(e instanceof TimeoutError)) throw e;
            row = skippedRow(backend, size, impl, `warm-up and windows ${e.message} (the limit of a cell)`);
            await current.close();
            session = null;
          }
        }
        results.rows.push(row);
        const took = ((Date.now() - t0) / 1000).toFixed(0);
        log(backend, size, impl, row.skipped ? `skipped: ${row.skipped}` : `${Math.round(row.chars_per_s ?? 0)} chars/s, ${row.kernels_per_step} kernels/step, tensors +${row.tensors_growth} (${took} s)`);
      }
    }
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    results.notes.push(`${backend}: the bench stopped early: ${message}`);
    log(backend, 'failed:', message);
  } finally {
    await (session as BenchSession | null)?.close();
  }
}

async function main(): Promise<void> {
  const t0 = Date.now();
  if (!args['no-build']) {
    log('building the bench page and the app (into node_modules/.cache/gatelab-bench)');
    await buildBenchPage();
    await buildApp();
  }
  const benchServer = await serveBenchPage();
  const appServer = await serveApp();
  let browser: Browser | null = null;
  const blocked: string[] = [];
  try {
    browser = await launch();
    const context = await localContext(browser, blocked);
    const results: BenchResults = {
      machine: machine(),
      browser: { name: 'Chromium', version: browser.version(), args: CHROMIUM_ARGS },
      date: new Date().toISOString(),
      git: gitState(repo),
      quick: args.quick,
      plan: PLAN,
      cell_timeout_s: CELL_TIMEOUT_MS / 1000,
      backends: [],
      rows: [],
      ceilings: [],
      responsiveness: [],
      notes: [],
    };
    log(`Chromium ${results.browser.version}; sizes ${sizes.join(', ')}; backends ${backends.join(', ')}`);
    for (const backend of backends) await benchBackend(browser, benchServer.url, backend, results, blocked);
    for (const requested of responsiveBackends) {
      const r: ResponsivenessResult = await measureResponsiveness(context, appServer.url, requested, RESPONSIVE_SECONDS);
      results.responsiveness.push(r);
      log('responsiveness', r.error ? `failed: ${r.error}` : `${r.backend}: ${r.fps.toFixed(1)} fps, longest task ${r.longest_task_ms.toFixed(0)} ms, ${r.steps_during} steps`);
    }
    if (blocked.length) results.notes.push(`requests off the machine, blocked: ${[...new Set(blocked)].join(', ')}`);
    mkdirSync(resultsDir, { recursive: true });
    const report = markdown(results);
    writeFileSync(`${resultsDir}/latest.json`, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(`${resultsDir}/latest.md`, report);
    if (!args['no-readme'] && !updateReadme(`${repo}README.md`, report)) log('README has no bench markers: not updated');
    console.log(`\n${report}`);
    for (const note of results.notes) log('note:', note);
    log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s: bench/results/latest.json, bench/results/latest.md`);
  } finally {
    await browser?.close();
    await benchServer.close();
    await appServer.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
