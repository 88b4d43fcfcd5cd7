/**
 * Types shared by the orchestrator (Node) and the bench page (browser). Plain data only: everything
 * here crosses page.evaluate as JSON.
 */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export type SizeName = 'small' | 'medium' | 'large';
export type Impl = 'gatelab-g2' | 'gatelab-lstm' | 'tfjs-layers-lstm';
export const IMPLS: readonly Impl[] = ['gatelab-g2', 'gatelab-lstm', 'tfjs-layers-lstm'];

export interface Size {
  name: SizeName;
  hidden: number;
  batch: number;
  seqLen: number;
  /** Embedding width; the app's default is half the hidden size (32 for 64). */
  embedding: number;
}

export const SIZES: Record<SizeName, Size> = {
  small: { name: 'small', hidden: 64, batch: 16, seqLen: 32, embedding: 32 },
  medium: { name: 'medium', hidden: 256, batch: 32, seqLen: 64, embedding: 128 },
  large: { name: 'large', hidden: 512, batch: 64, seqLen: 64, embedding: 256 },
};

/** How long to measure one (backend, size, impl) cell. */
export interface TimingPlan {
  /** Untimed steps first: shader compilation, optimizer slots, caches. */
  warmupSteps: number;
  /** Timed windows; the median is reported (at least five). */
  windows: number;
  /** Aim for windows about this long (whole steps, at least one per window). */
  windowSeconds: number;
  /** Skip the cell, with the reason recorded, when the windows would take longer than this. */
  budgetSeconds: number;
}

/**
 * CPU threads a backend computes on: wasm's XNNPACK pool (navigator.hardwareConcurrency in a
 * cross-origin-isolated page, 1 in a page without COOP/COEP, where only the single-threaded build
 * loads), 1 on cpu, null on webgl and webgpu (the GPU computes there).
 */
export type Threads = number | null;

/** How the report and the log name a backend: with its thread count on wasm, where it is measured both ways. */
export function backendLabel(backend: BackendName, threads: Threads): string {
  return backend === 'wasm' && threads != null ? `wasm ${threads} thread${threads === 1 ? '' : 's'}` : backend;
}

export interface BackendStart {
  backend: BackendName;
  threads: Threads;
  ok: boolean;
  reason: string;
  /** What the app's kernel registry decided for the fused LSTM cell on this backend. */
  fusedCell: string | null;
}

/** One measured (or skipped) cell of the throughput table. */
export interface ThroughputRow {
  backend: BackendName;
  threads: Threads;
  size: SizeName;
  impl: Impl;
  /** Median over the timed windows; null when skipped. */
  chars_per_s: number | null;
  /** Achieved GFLOP/s of the step, from the analytic FLOP count (flops.ts). */
  gflops: number | null;
  kernels_per_step: number | null;
  /** tf.memory().numTensors after the timed windows minus after the warm-up (0 means no leak). */
  tensors_growth: number | null;
  bytes_growth: number | null;
  windows: number[];
  steps_per_window: number;
  vocab: number;
  /** Loss read at the end of the last window (a sanity check that training ran). */
  final_loss: number | null;
  /** Kernel names with the most host-side self time per step: {name, calls, ms} (the kernels' cost only on cpu and wasm). */
  top_kernels?: { name: string; calls: number; ms: number }[];
  /**
   * Whose kernels ran (wasm only): tfjs's own, or with the four replaced by Gate Lab's fixes
   * (src/worker/kernels/wasmKernels.ts). The table's tfjs-layers-lstm is stock tfjs; the app's rows use the fixes.
   */
  wasm_kernels?: WasmKernels;
  skipped?: string;
}

export type WasmKernels = 'tfjs' | 'gatelab-fixes';

/** A row with no measurement yet: what a cell holds before it is timed, or when it is skipped. */
export function unmeasuredRow(cell: Pick<ThroughputRow, 'backend' | 'threads' | 'size' | 'impl' | 'vocab'>): ThroughputRow {
  return {
    ...cell,
    chars_per_s: null,
    gflops: null,
    kernels_per_step: null,
    tensors_growth: null,
    bytes_growth: null,
    windows: [],
    steps_per_window: 0,
    final_loss: null,
  };
}

/** gatelab-g2 against gatelab-lstm in interleaved windows (bench/page/paired.ts). */
export interface PairedRow {
  backend: BackendName;
  threads: Threads;
  size: SizeName;
  steps_per_window: number;
  /** Median over the pairs of G2's chars/s ÷ the LSTM's, each pair timed back to back. */
  g2_over_lstm: number;
  ratios: number[];
  g2_chars_per_s: number;
  lstm_chars_per_s: number;
}

/** gatelab-g2 on wasm with threads against single-threaded, in interleaved windows of two pages open at once (bench/threads.ts). */
export interface ThreadsPairRow {
  size: SizeName;
  /** The threaded page's thread count (the single-threaded page has 1). */
  threads: number;
  steps_per_window: number;
  /** Median over the pairs of the threaded page's chars/s ÷ the single-threaded page's, each pair timed back to back. */
  speedup: number;
  ratios: number[];
  threaded_chars_per_s: number;
  single_chars_per_s: number;
}

export interface CeilingRow {
  backend: BackendName;
  threads: Threads;
  impl: 'matmul-ceiling';
  n: number;
  gflops: number | null;
  windows: number[];
  skipped?: string;
}

export interface ResponsivenessResult {
  /** 'default' when the app picked the backend itself. */
  requested: BackendName | 'default';
  /** The models trained (the address's `models`), when not the app's default two. */
  models?: string;
  /** Whether the temperature slider was dragged throughout the measurement. */
  slider_dragged?: boolean;
  /** The backend the app's status line reported. */
  backend: string;
  seconds: number;
  steps_during: number;
  idle_fps: number;
  fps: number;
  longest_task_ms: number;
  longtasks: number;
  longest_frame_gap_ms: number;
  error?: string;
}

/** The slider and the start as a person meets them (bench/interaction.ts): milliseconds, null when not reached. */
export interface InteractionResult {
  /** The backend the app picked on the first visit. */
  backend: string;
  first_gates_ms: number | null;
  /** The same with the backend forced to wasm (no measurement of the backends). */
  first_gates_wasm_ms: number | null;
  reload_reopened_ms: number | null;
  slider_paused_p95_ms: number | null;
  slider_training_p95_ms: number | null;
  drag_settle_ms: number | null;
  /** Every single move's latency (null: not redrawn within a minute). */
  slider_paused_ms: (number | null)[];
  slider_training_ms: (number | null)[];
  /** Training speed while the slider moved (wasm, default size). */
  steps_per_s_training: number | null;
  error?: string;
}

export interface BenchResults {
  machine: { cpus: number; cpu_model: string; os: string; node: string; memory_gb: number };
  browser: { name: string; version: string; args: string[] };
  date: string;
  git: { commit: string; dirty: boolean };
  quick: boolean;
  plan: TimingPlan;
  /** Wall-clock limit of one cell, warm-up included. */
  cell_timeout_s: number;
  backends: BackendStart[];
  rows: ThroughputRow[];
  /** Cells outside the table: on wasm, tfjs-layers-lstm on Gate Lab's kernel fixes. */
  extra_rows?: ThroughputRow[];
  ceilings: CeilingRow[];
  /** G2 ÷ LSTM in interleaved windows, per backend and size (absent in results written before it existed). */
  paired?: PairedRow[];
  /** wasm with threads ÷ single-threaded in interleaved windows (absent in results written before it existed). */
  threads_pairs?: ThreadsPairRow[];
  responsiveness: ResponsivenessResult[];
  /** One entry per round of the slider and start-up measurement. */
  interaction?: InteractionResult[];
  /** Anything that went wrong outside a row. */
  notes: string[];
}
