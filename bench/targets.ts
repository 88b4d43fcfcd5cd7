import { median, ratio } from './stats';
import type { BenchResults, ResponsivenessResult, SizeName, ThroughputRow } from './types';

/**
 * The summary of one bench run: every speed target of issues 5 and 18, what this run measured for it,
 * met or not, and on what hardware (a software adapter or renderer is not a GPU: the GPU targets then
 * stay to be measured on one). Computed from the run's own rows only.
 */
export const TARGETS = {
  /** gatelab-g2 ÷ tfjs-layers-lstm, chars/s (issue 5). */
  g2OverLayers: { webgpu: 5, webgl: 5, wasm: 2 } as Partial<Record<string, number>>,
  /** g2's step GFLOP/s ÷ the backend's matmul ceiling (issue 5). */
  stepShareOfCeiling: 0.25,
  /** gatelab-g2 ÷ gatelab-lstm, chars/s (issue 18). */
  g2OverLstm: 0.95,
  /** gatelab-g2 on wasm with every thread ÷ single-threaded (issue 18). */
  threadsSpeedup: 1.6,
  /** The main thread while four models train and the slider is dragged (issues 5 and 18), median of runs. */
  longestTaskMs: 50,
  fps: 55,
};

const SIZE: SizeName = 'medium';
const GPU_BACKENDS = ['webgpu', 'webgl'];
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render|\(fallback\)/i;

export interface TargetRow {
  target: string;
  backend: string;
  measured: number | null;
  /** How `measured` is shown (×, %, ms, fps). */
  unit: 'times' | 'percent' | 'ms' | 'fps';
  wanted: string;
  met: boolean | null;
  /** What was measured: the adapter or renderer (and whether it is a real GPU), the thread count, the runs. */
  on: string;
}

/** Thread count of a row (absent before rows named it: single-threaded). */
const threadsOf = (r: { threads?: number | null }): number => r.threads ?? 1;

function row(results: BenchResults, backend: string, impl: ThroughputRow['impl'], threads?: number): ThroughputRow | undefined {
  const rows = results.rows.filter((r) => r.backend === backend && r.size === SIZE && r.impl === impl && !r.skipped);
  if (threads != null) return rows.find((r) => threadsOf(r) === threads);
  return [...rows].sort((a, b) => threadsOf(b) - threadsOf(a))[0];
}

/** The hardware a backend ran on, as its start reported it, and whether that is a real GPU. */
export function hardwareOf(results: BenchResults, backend: string, threads?: number): { label: string; realGpu: boolean | null } {
  const starts = results.backends.filter((b) => b.backend === backend && b.ok);
  const start = starts.find((b) => threads == null || threadsOf(b) === threads) ?? starts[0];
  if (!GPU_BACKENDS.includes(backend)) return { label: start?.reason ? `CPU (${start.reason})` : 'CPU', realGpu: null };
  if (!start) return { label: 'did not start', realGpu: null };
  const software = SOFTWARE.test(start.reason);
  return { label: `${start.reason || 'unknown adapter'}: ${software ? 'software, not a real GPU' : 'real GPU'}`, realGpu: !software };
}

function mainThreadRuns(results: BenchResults): ResponsivenessResult[] {
  return results.responsiveness.filter((r) => r.slider_dragged && !r.error);
}

export function targetRows(results: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  const measuredBackends = [...new Set(results.rows.filter((r) => r.size === SIZE).map((r) => r.backend))];
  for (const backend of measuredBackends) {
    // The most threads this backend was measured with (wasm: every core where the page is cross-origin isolated).
    const threads = Math.max(...results.rows.filter((r) => r.backend === backend && r.size === SIZE).map(threadsOf));
    const { label } = hardwareOf(results, backend, threads);
    const g2 = row(results, backend, 'gatelab-g2', threads);
    const on = `${label}${backend === 'wasm' ? `, ${threads} thread${threads === 1 ? '' : 's'}` : ''}`;
    const want = TARGETS.g2OverLayers[backend];
    if (want != null) {
      const x = ratio(g2?.chars_per_s, row(results, backend, 'tfjs-layers-lstm', threads)?.chars_per_s);
      rows.push({ target: 'gatelab-g2 ÷ tfjs-layers-lstm', backend, measured: x, unit: 'times', wanted: `≥ ${want}×`, met: x == null ? null : x >= want, on });
    }
    const ceiling = results.ceilings.find((c) => c.backend === backend && threadsOf(c) === threads)?.gflops;
    const share = ratio(g2?.gflops, ceiling);
    rows.push({ target: 'g2 step FLOP/s ÷ matmul ceiling', backend, measured: share, unit: 'percent', wanted: `≥ ${100 * TARGETS.stepShareOfCeiling} %`, met: share == null ? null : share >= TARGETS.stepShareOfCeiling, on });
    const pair = results.paired?.find((p) => p.backend === backend && threadsOf(p) === threads && p.size === SIZE);
    const g2OverLstm = pair ? pair.g2_over_lstm : ratio(g2?.chars_per_s, row(results, backend, 'gatelab-lstm', threads)?.chars_per_s);
    rows.push({
      target: `gatelab-g2 ÷ gatelab-lstm${pair ? ` (median of ${pair.ratios.length} interleaved pairs)` : ' (separate cells)'}`,
      backend,
      measured: g2OverLstm,
      unit: 'percent',
      wanted: `≥ ${100 * TARGETS.g2OverLstm} %`,
      met: g2OverLstm == null ? null : g2OverLstm >= TARGETS.g2OverLstm,
      on,
    });
  }
  const threadsPair = results.threads_pairs?.find((p) => p.size === SIZE);
  if (measuredBackends.includes('wasm') || threadsPair) {
    // Interleaved windows of the two pages where the run has them (bench/threads.ts), else the table's separate cells.
    const wasmG2 = results.rows.filter((r) => r.backend === 'wasm' && r.size === SIZE && r.impl === 'gatelab-g2' && !r.skipped);
    const most = threadsPair?.threads ?? Math.max(...wasmG2.map(threadsOf));
    const x = threadsPair ? threadsPair.speedup : most > 1 ? ratio(row(results, 'wasm', 'gatelab-g2', most)?.chars_per_s, row(results, 'wasm', 'gatelab-g2', 1)?.chars_per_s) : null;
    rows.push({
      target: `gatelab-g2 with threads ÷ single-threaded${threadsPair ? ` (median of ${threadsPair.ratios.length} interleaved pairs)` : ' (separate cells)'}`,
      backend: 'wasm',
      measured: x,
      unit: 'times',
      wanted: `≥ ${TARGETS.threadsSpeedup}×`,
      met: x == null ? null : x >= TARGETS.threadsSpeedup,
      on: most > 1 ? `${most} threads vs 1` : 'no threaded rows in this run',
    });
  }
  const runs = mainThreadRuns(results);
  if (runs.length) {
    const backendsSeen = [...new Set(runs.map((r) => r.backend))].join(', ');
    const on = `${runs.length} runs of 10 s, ${runs[0]?.models ?? 'default models'} training, slider dragged, app's backend ${backendsSeen}`;
    const task = median(runs.map((r) => r.longest_task_ms));
    const fps = median(runs.map((r) => r.fps));
    rows.push({ target: 'longest main-thread task (median of runs)', backend: 'app', measured: task, unit: 'ms', wanted: `≤ ${TARGETS.longestTaskMs} ms`, met: task <= TARGETS.longestTaskMs, on });
    rows.push({ target: 'frames per second (median of runs)', backend: 'app', measured: fps, unit: 'fps', wanted: `≥ ${TARGETS.fps}`, met: fps >= TARGETS.fps, on });
  }
  return rows;
}

function shown(x: number | null, unit: TargetRow['unit']): string {
  if (x == null || !Number.isFinite(x)) return '–';
  if (unit === 'times') return `${x.toFixed(2)}×`;
  if (unit === 'percent') return `${(100 * x).toFixed(1)} %`;
  if (unit === 'ms') return `${Math.round(x)} ms`;
  return x.toFixed(1);
}

export function targetTable(results: BenchResults): string[] {
  const rows = targetRows(results);
  if (rows.length === 0) return ['No target was measured in this run.'];
  const verdict = (met: boolean | null) => (met == null ? 'not measured' : met ? '**met**' : '**not met**');
  const gpuRows = rows.filter((r) => GPU_BACKENDS.includes(r.backend));
  const onRealGpu = gpuRows.filter((r) => hardwareOf(results, r.backend).realGpu);
  return [
    '| target | backend | this run | wanted | verdict | measured on |',
    '|---|---|--:|--:|---|---|',
    ...rows.map((r) => `| ${r.target} | ${r.backend} | ${shown(r.measured, r.unit)} | ${r.wanted} | ${verdict(r.met)} | ${r.on} |`),
    '',
    gpuRows.length === 0
      ? 'No GPU backend was measured in this run.'
      : onRealGpu.length === 0
        ? 'None of the webgpu/webgl targets was measured on a real GPU in this run (software adapter or renderer only): on a machine with a GPU run `npm run bench -- --quick --backends webgpu,webgl`.'
        : `Measured on a real GPU: ${[...new Set(onRealGpu.map((r) => r.backend))].join(', ')}.`,
  ];
}
