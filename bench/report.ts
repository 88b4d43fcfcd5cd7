import { ratio } from './stats';
import { BACKENDS, backendLabel, type BenchResults, type Impl, type SizeName, type Threads, type ThroughputRow } from './types';
import { targetTable } from './targets';

/**
 * The markdown report of one run: throughput and ratios per backend and size, the targets of issue 5
 * checked at the medium size, and the app's responsiveness while training. Ratios are always taken
 * within the run (same page, same minutes), never across runs.
 */
const SIZE_ORDER: SizeName[] = ['small', 'medium', 'large'];

/**
 * The thread counts a backend was measured with, most first (wasm: every core, then 1). The report's
 * ratios and targets take the first, the app's configuration where the page is cross-origin isolated.
 */
export function threadsOf(results: BenchResults, backend: string): Threads[] {
  const all = [...new Set([...results.rows, ...results.ceilings].filter((r) => r.backend === backend).map((r) => r.threads ?? null))];
  return all.sort((a, b) => (b ?? 0) - (a ?? 0));
}

function mostThreads(results: BenchResults, backend: string): Threads {
  return threadsOf(results, backend)[0] ?? null;
}

function num(x: number | null | undefined, digits = 3): string {
  if (x == null || !Number.isFinite(x)) return '–';
  if (Number.isInteger(x) || Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(digits);
}

const verdictOf = (ok: boolean | null) => (ok == null ? 'not measured' : ok ? '**met**' : '**not met**');

function times(x: number | null): string {
  return x == null ? '–' : `${x.toFixed(2)}×`;
}

function percent(x: number | null): string {
  return x == null ? '–' : `${(100 * x).toFixed(1)} %`;
}

/** Results from before rows named their threads had none: those runs were single-threaded (no COOP/COEP). */
const sameThreads = (r: { threads?: Threads }, threads: Threads) => (r.threads ?? null) === threads;

export function findRow(results: BenchResults, backend: string, size: SizeName, impl: Impl, threads = mostThreads(results, backend)): ThroughputRow | undefined {
  return results.rows.find((r) => r.backend === backend && sameThreads(r, threads) && r.size === size && r.impl === impl);
}

export function ceilingOf(results: BenchResults, backend: string, threads = mostThreads(results, backend)): number | null {
  return results.ceilings.find((c) => c.backend === backend && sameThreads(c, threads))?.gflops ?? null;
}

/** gatelab-g2 ÷ tfjs-layers-lstm in chars/s, and g2's step GFLOP/s ÷ the matmul ceiling. */
export function ratiosOf(results: BenchResults, backend: string, size: SizeName, threads = mostThreads(results, backend)) {
  const g2 = findRow(results, backend, size, 'gatelab-g2', threads);
  const lstm = findRow(results, backend, size, 'gatelab-lstm', threads);
  const layers = findRow(results, backend, size, 'tfjs-layers-lstm', threads);
  return {
    g2OverLayers: ratio(g2?.chars_per_s, layers?.chars_per_s),
    lstmOverLayers: ratio(lstm?.chars_per_s, layers?.chars_per_s),
    g2ShareOfCeiling: ratio(g2?.gflops, ceilingOf(results, backend, threads)),
  };
}

function throughputTable(results: BenchResults): string[] {
  const lines = [
    '| backend | size | gatelab-g2 chars/s | gatelab-lstm chars/s | tfjs-layers-lstm chars/s | g2 ÷ layers | lstm ÷ layers | g2 step GFLOP/s | layers step GFLOP/s | matmul ceiling GFLOP/s | g2 step ÷ ceiling | kernels/step g2 · lstm · layers | tensor growth g2 · lstm · layers |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const backend of BACKENDS) {
    for (const threads of threadsOf(results, backend)) {
      for (const size of SIZE_ORDER) {
        const rows = (['gatelab-g2', 'gatelab-lstm', 'tfjs-layers-lstm'] as Impl[]).map((impl) => findRow(results, backend, size, impl, threads));
        if (rows.every((r) => !r)) continue;
        const [g2, lstm, layers] = rows;
        const r = ratiosOf(results, backend, size, threads);
        const triple = (f: (row: ThroughputRow) => number | null) => rows.map((row) => (row ? num(f(row), 4) : '–')).join(' · ');
        lines.push(
          `| ${backendLabel(backend, threads)} | ${size} | ${num(g2?.chars_per_s)} | ${num(lstm?.chars_per_s)} | ${num(layers?.chars_per_s)} | ${times(r.g2OverLayers)} | ${times(r.lstmOverLayers)} | ${num(g2?.gflops)} | ${num(layers?.gflops)} | ${num(ceilingOf(results, backend, threads))} | ${percent(r.g2ShareOfCeiling)} | ${triple((x) => x.kernels_per_step)} | ${triple((x) => x.tensors_growth)} |`,
        );
      }
    }
  }
  return lines;
}

/** On the synchronous backends the host time per kernel name is the kernel's cost: where a step goes. */
function hotKernelLines(results: BenchResults): string[] {
  const rows = results.rows.filter((r) => (r.backend === 'wasm' || r.backend === 'cpu') && r.top_kernels?.length);
  if (rows.length === 0) return [];
  return [
    '',
    'Where a step\'s time goes on the synchronous backends (self time per step of the costliest kernels; host time, so not meaningful for webgl/webgpu):',
    '',
    ...rows.map(
      (r) =>
        `- ${backendLabel(r.backend, r.threads)} ${r.size} ${r.impl}: ${(r.top_kernels ?? [])
          .slice(0, 4)
          .map((k) => `${k.name} ${num(k.ms)} ms (${num(k.calls)}×)`)
          .join(', ')}`,
    ),
  ];
}

/** tfjs-layers-lstm again on Gate Lab's wasm kernel fixes: what part of the gain is the kernels', not the model's. */
function extraRowLines(results: BenchResults): string[] {
  const rows = (results.extra_rows ?? []).filter((r) => r.chars_per_s != null);
  if (rows.length === 0) return [];
  return [
    '',
    'The table\'s tfjs-layers-lstm runs on tfjs\'s own wasm kernels; Gate Lab\'s rows run on the six it replaces (Slice, Unpack, SplitV, BatchMatMul, Sum, GatherV2: `src/worker/kernels/wasmKernels.ts`). The reference on those fixed kernels, in the same run:',
    '',
    ...rows.map((r) => {
      const g2 = findRow(results, r.backend, r.size, 'gatelab-g2', r.threads ?? null);
      return `- ${backendLabel(r.backend, r.threads)} ${r.size} tfjs-layers-lstm on the fixed kernels: ${num(r.chars_per_s)} chars/s, ${num(r.gflops)} GFLOP/s, ${num(r.kernels_per_step)} kernels/step; gatelab-g2 ÷ it = ${times(ratio(g2?.chars_per_s, r.chars_per_s))}${r.top_kernels?.length ? `; ${r.top_kernels.slice(0, 4).map((k) => `${k.name} ${num(k.ms)} ms (${num(k.calls)}×)`).join(', ')}` : ''}`;
    }),
  ];
}

/** The interleaved measurements pair by pair: their spread says how far the machine's load moved the medians. */
function interleavedLines(results: BenchResults): string[] {
  const lines = [
    ...(results.paired ?? []).map((p) => `- ${backendLabel(p.backend, p.threads)} ${p.size} gatelab-g2 ÷ gatelab-lstm: ${percent(p.g2_over_lstm)} (pairs ${p.ratios.join(', ')}; ${num(p.g2_chars_per_s)} vs ${num(p.lstm_chars_per_s)} chars/s)`),
    ...(results.threads_pairs ?? []).map((p) => `- wasm ${p.size} gatelab-g2 on ${p.threads} threads ÷ on 1 thread: ${times(p.speedup)} (pairs ${p.ratios.join(', ')}; ${num(p.threaded_chars_per_s)} vs ${num(p.single_chars_per_s)} chars/s, ${p.steps_per_window} step${p.steps_per_window === 1 ? '' : 's'} a window)`),
  ];
  return lines.length ? ['', 'Interleaved windows, the median of their pairs (each pair timed back to back):', '', ...lines] : [];
}

function responsivenessTable(results: BenchResults): string[] {
  if (results.responsiveness.length === 0) return [];
  const lines = [
    '| app backend | seconds | steps meanwhile | idle fps | fps while training | longest task ms | tasks > 50 ms | longest frame gap ms |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const x of results.responsiveness) {
    const what = [x.models && `training ${x.models}`, x.slider_dragged && 'slider dragged'].filter(Boolean).join(', ');
    const name = `${x.requested === 'default' ? `${x.backend || '?'} (app's pick)` : x.backend || x.requested}${what ? `, ${what}` : ''}`;
    if (x.error) lines.push(`| ${name} | – | – | – | – | – | – | failed: ${x.error} |`);
    else
      lines.push(
        `| ${name} | ${x.seconds} | ${x.steps_during} | ${num(x.idle_fps)} | ${num(x.fps)} | ${num(x.longest_task_ms)} | ${x.longtasks} | ${num(x.longest_frame_gap_ms)} |`,
      );
  }
  return lines;
}

/** The targets of issue 13, in milliseconds. */
export const INTERACTION_TARGETS = { sliderPausedP95: 150, sliderTrainingP95: 300, dragSettle: 500, firstGates: 10_000, reloadReopened: 3000 };

/** The slider and start-up rows: each round's figure, the median over rounds, and the target. */
function interactionLines(results: BenchResults): string[] {
  const rounds = results.interaction ?? [];
  if (rounds.length === 0) return [];
  const t = INTERACTION_TARGETS;
  const rows: [string, (r: (typeof rounds)[number]) => number | null, number][] = [
    ['slider: input to gate panels redrawn, p95, paused (wasm, default size)', (r) => r.slider_paused_p95_ms, t.sliderPausedP95],
    ['slider: input to gate panels redrawn, p95, while training (wasm, default size)', (r) => r.slider_training_p95_ms, t.sliderTrainingP95],
    ['slider: a 20-step drag (one step a frame) settles after release', (r) => r.drag_settle_ms, t.dragSettle],
    ["start-up: first gates drawn after a first load (the app's backend pick included)", (r) => r.first_gates_ms, t.firstGates],
    ['start-up: first gates drawn after a first load with the backend forced to wasm', (r) => r.first_gates_wasm_ms, t.firstGates],
    ['start-up: reopened run shown after a reload (wasm)', (r) => r.reload_reopened_ms, t.reloadReopened],
  ];
  const lines = [
    '',
    `**The slider and the start (issue 13), ${rounds.length} round${rounds.length > 1 ? 's' : ''}, each in a fresh browser context:**`,
    '',
    '| measurement | ms per round | median ms | target ms | |',
    '|---|--:|--:|--:|---|',
  ];
  for (const [label, of, target] of rows) {
    const values = rounds.map(of);
    const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
    const median = known.length ? (known[Math.floor((known.length - 1) / 2)] as number) : null;
    lines.push(`| ${label} | ${values.map((v) => (v === null ? '–' : num(v))).join(' / ')} | ${median === null ? '–' : num(median)} | ≤ ${num(target)} | ${verdictOf(median === null ? null : median <= target)} |`);
  }
  const speeds = rounds.map((r) => r.steps_per_s_training).filter((v): v is number => v !== null);
  if (speeds.length) lines.push('', `Training went on at ${speeds.map((v) => v.toFixed(1)).join(' / ')} steps/s while the slider moved. First visit's backend: ${rounds.map((r) => r.backend || '?').join(' / ')}.`);
  for (const r of rounds) if (r.error) lines.push(`- a round failed: ${r.error}`);
  return lines;
}

export function markdown(results: BenchResults): string {
  const m = results.machine;
  const skipped = results.rows.filter((r) => r.skipped);
  const failedBackends = results.backends.filter((b) => !b.ok);
  return [
    `Measured ${results.date.slice(0, 16).replace('T', ' ')} UTC${results.quick ? ' (`--quick`: medium size only)' : ''} on ${m.cpus} CPU cores (${m.cpu_model}), ${m.os}, Node ${m.node}, ${results.browser.name} ${results.browser.version} headless, commit ${results.git.commit.slice(0, 7)}${results.git.dirty ? ' with uncommitted changes in src/ (work in progress in the shared checkout)' : ''}.`,
    `Each figure is the median of ${results.plan.windows} timed windows after ${results.plan.warmupSteps} warm-up steps (one on wasm and cpu, which compile no shaders); the loss is read back only at the end of a window. A cell may take ${results.cell_timeout_s} s at most, warm-up included, and its windows ${results.plan.budgetSeconds} s.`,
    'Absolute figures are noisy on this machine (two cores shared with other processes); compare the ratios, which are taken within one run.',
    '',
    ...throughputTable(results),
    '',
    'Step GFLOP/s counts only the matrix products (input projection, recurrence, decoder; backward ≈ 2× forward), see `bench/flops.ts`.',
    ...hotKernelLines(results),
    ...extraRowLines(results),
    ...interleavedLines(results),
    ...(skipped.length ? ['', 'Skipped:', ...skipped.map((r) => `- ${backendLabel(r.backend, r.threads)} ${r.size} ${r.impl}: ${r.skipped}`)] : []),
    ...(results.backends.some((b) => b.ok)
      ? ['', 'Backends as the app starts them:', ...results.backends.filter((b) => b.ok).map((b) => `- ${backendLabel(b.backend, b.threads)}: ${[b.reason, b.fusedCell && `LSTM cell ${b.fusedCell}`].filter(Boolean).join('; ')}`)]
      : []),
    ...(failedBackends.length ? ['', 'Backends that did not start:', ...failedBackends.map((b) => `- ${b.backend}: ${b.reason}`)] : []),
    '',
    '**Targets of issues 5 and 18 (medium size), measured in this run:**',
    '',
    ...targetTable(results),
    '',
    ...responsivenessTable(results),
    ...interactionLines(results),
    '',
  ].join('\n');
}
