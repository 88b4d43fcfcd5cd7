import { parseArgs } from 'node:util';
import { BACKENDS, type BackendName, type SizeName, type TimingPlan } from './types';

/**
 * The command line of `npm run bench`, turned into what to measure and for how long:
 * `[--quick] [--sizes small,medium] [--backends webgl,wasm] [--cell-timeout S] [--budget S]
 *  [--no-responsiveness] [--no-build] [--no-readme] [--report-only] [--out NAME]`.
 */
export const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    backends: { type: 'string' },
    'no-responsiveness': { type: 'boolean', default: false },
    /** Rounds of the slider and start-up measurement (0: none). */
    'interaction-runs': { type: 'string' },
    /** Only the app's rows (responsiveness, slider, start-up): no kernel cells. */
    'app-only': { type: 'boolean', default: false },
    /** Runs of the main-thread scenario of issue 18 (four models training, the temperature slider dragged); 0 skips it. */
    'main-thread-runs': { type: 'string', default: '3' },
    'no-build': { type: 'boolean', default: false },
    'no-readme': { type: 'boolean', default: false },
    /** Only rewrite latest.md and the README from latest.json (after a change to report.ts). */
    'report-only': { type: 'boolean', default: false },
    /** Results file name under bench/results (latest.json/.md by default; the README shows only latest). */
    out: { type: 'string', default: 'latest' },
    /** Seconds of timed windows allowed per cell (overrides the plan's). */
    budget: { type: 'string' },
    'cell-timeout': { type: 'string' },
  },
});

/**
 * Quick: medium only, windows of one step wherever a step takes over 0.75 s, 45 s per cell at most,
 * and no CPU backend (it has no target and a medium step takes it over ten seconds). A cell costs
 * the warm-up + 5 timed steps (kernels are counted inside the timed windows).
 */
export const PLAN: TimingPlan = {
  ...(args.quick
    ? { warmupSteps: 2, windows: 5, windowSeconds: 0.5, budgetSeconds: 35 }
    : { warmupSteps: 2, windows: 5, windowSeconds: 2, budgetSeconds: 120 }),
  ...(args.budget ? { budgetSeconds: Number(args.budget) } : {}),
};
export const MATMUL_SIZES = [1024, 512, 256];
/** Wall-clock limit of one cell (warm-up included): past it the cell is recorded as skipped. */
export const CELL_TIMEOUT_MS = 1000 * Number(args['cell-timeout'] ?? (args.quick ? 45 : 240));
export const RESPONSIVE_SECONDS = 10;
/** Issue 18's main-thread scenario: these models train while the slider is dragged, `MAIN_THREAD_RUNS` times (the median is judged). */
export const MAIN_THREAD_MODELS = 'g2,lstm,sharpened,beta';
export const MAIN_THREAD_RUNS = args['no-responsiveness'] ? 0 : Math.max(0, Math.floor(Number(args['main-thread-runs'])));

function list<T extends string>(value: string | undefined, all: readonly T[], fallback: readonly T[]): T[] {
  if (!value) return [...fallback];
  const picked = value.split(',').map((s) => s.trim());
  const unknown = picked.filter((s) => !all.includes(s as T));
  if (unknown.length) throw new Error(`unknown: ${unknown.join(', ')} (choose from ${all.join(', ')})`);
  return picked as T[];
}

export const sizes = list<SizeName>(args.sizes, ['small', 'medium', 'large'], args.quick ? ['medium'] : ['small', 'medium', 'large']);
export const backends = args['app-only'] ? [] : list<BackendName>(args.backends, BACKENDS, args.quick ? ['webgpu', 'webgl', 'wasm'] : BACKENDS);
export const INTERACTION_RUNS = Number(args['interaction-runs'] ?? (args.quick ? 1 : 3));
export const responsiveBackends: (BackendName | 'default')[] = args['no-responsiveness'] ? [] : args.quick ? ['default'] : ['default', 'wasm'];

