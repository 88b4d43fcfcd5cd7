import { describe, expect, it } from 'vitest';
import { targetRows, targetTable } from '../../../bench/targets';
import type { BenchResults, ThroughputRow } from '../../../bench/types';

const row = (backend: ThroughputRow['backend'], impl: ThroughputRow['impl'], chars: number, threads?: number): ThroughputRow => ({
  backend,
  size: 'medium',
  impl,
  chars_per_s: chars,
  gflops: chars / 1000,
  kernels_per_step: 1,
  tensors_growth: 0,
  bytes_growth: 0,
  windows: [],
  steps_per_window: 1,
  vocab: 60,
  final_loss: 1,
  threads: threads ?? (backend === 'wasm' ? 1 : null),
});

function results(): BenchResults {
  return {
    machine: { cpus: 2, cpu_model: 'x', os: 'x', node: 'x', memory_gb: 1 },
    browser: { name: 'Chromium', version: '1', args: [] },
    date: '2026-12-02T00:00:00Z',
    git: { commit: 'abc', dirty: false },
    quick: true,
    plan: { warmupSteps: 1, windows: 5, windowSeconds: 1, budgetSeconds: 10 },
    cell_timeout_s: 10,
    backends: [
      { backend: 'webgpu', ok: true, reason: 'adapter google swiftshader (fallback)', fusedCell: null, threads: null },
      { backend: 'webgl', ok: true, reason: 'renderer NVIDIA GeForce RTX 4090', fusedCell: null, threads: null },
      { backend: 'wasm', ok: true, reason: 'SIMD yes', fusedCell: null, threads: 2 },
    ],
    rows: [
      row('webgpu', 'gatelab-g2', 600),
      row('webgpu', 'gatelab-lstm', 610),
      row('webgpu', 'tfjs-layers-lstm', 100),
      row('webgl', 'gatelab-g2', 400),
      row('webgl', 'tfjs-layers-lstm', 100),
      row('wasm', 'gatelab-g2', 1000, 1),
      row('wasm', 'gatelab-g2', 1800, 2),
      row('wasm', 'tfjs-layers-lstm', 1000, 2),
    ],
    ceilings: [{ backend: 'wasm', threads: 2, impl: 'matmul-ceiling', n: 1024, gflops: 10, windows: [] }],
    paired: [{ backend: 'wasm', threads: 2, size: 'medium', steps_per_window: 1, g2_over_lstm: 0.9, ratios: [0.9, 0.9, 0.9], g2_chars_per_s: 1, lstm_chars_per_s: 1 }],
    responsiveness: [
      { requested: 'default', backend: 'wasm', seconds: 10, steps_during: 1, idle_fps: 60, fps: 58, longest_task_ms: 40, longtasks: 0, longest_frame_gap_ms: 20, models: 'g2,lstm,sharpened,beta', slider_dragged: true },
      { requested: 'default', backend: 'wasm', seconds: 10, steps_during: 1, idle_fps: 60, fps: 50, longest_task_ms: 90, longtasks: 2, longest_frame_gap_ms: 90, models: 'g2,lstm,sharpened,beta', slider_dragged: true },
      { requested: 'default', backend: 'wasm', seconds: 10, steps_during: 1, idle_fps: 60, fps: 57, longest_task_ms: 45, longtasks: 0, longest_frame_gap_ms: 20, models: 'g2,lstm,sharpened,beta', slider_dragged: true },
    ],
    notes: [],
  };
}

const find = (target: string, backend: string) => targetRows(results()).find((r) => r.target.startsWith(target) && r.backend === backend);

describe('the bench summary', () => {
  it('judges each target from the run’s own rows', () => {
    expect(find('gatelab-g2 ÷ tfjs-layers-lstm', 'webgpu')).toMatchObject({ measured: 6, met: true });
    expect(find('gatelab-g2 ÷ tfjs-layers-lstm', 'webgl')).toMatchObject({ measured: 4, met: false });
    // wasm: the threaded rows are the ones judged, against the threaded reference and ceiling.
    expect(find('gatelab-g2 ÷ tfjs-layers-lstm', 'wasm')).toMatchObject({ measured: 1.8, met: false });
    expect(find('g2 step FLOP/s', 'wasm')?.measured).toBeCloseTo(0.18);
    expect(find('gatelab-g2 ÷ gatelab-lstm (median', 'wasm')).toMatchObject({ measured: 0.9, met: false });
    expect(find('gatelab-g2 ÷ gatelab-lstm (separate', 'webgpu')?.measured).toBeCloseTo(600 / 610);
    expect(find('gatelab-g2 with threads', 'wasm')).toMatchObject({ target: 'gatelab-g2 with threads ÷ single-threaded (separate cells)', measured: 1.8, met: true, on: '2 threads vs 1' });
    // Medians of the three runs: 45 ms and 57 fps.
    expect(find('longest main-thread task', 'app')).toMatchObject({ measured: 45, met: true });
    expect(find('frames per second', 'app')).toMatchObject({ measured: 57, met: true });
  });

  it('judges the threads target from the interleaved pages where the run has them', () => {
    const run = results();
    run.threads_pairs = [{ size: 'medium', threads: 2, steps_per_window: 1, speedup: 1.4, ratios: [1.3, 1.4, 1.5], threaded_chars_per_s: 1400, single_chars_per_s: 1000 }];
    const threads = targetRows(run).find((r) => r.target.startsWith('gatelab-g2 with threads'));
    // Not the separate cells' 1800 ÷ 1000.
    expect(threads).toMatchObject({ target: 'gatelab-g2 with threads ÷ single-threaded (median of 3 interleaved pairs)', measured: 1.4, met: false, on: '2 threads vs 1' });
    // Measured even where every wasm cell was skipped for time.
    run.rows = run.rows.filter((r) => r.backend !== 'wasm');
    expect(targetRows(run).find((r) => r.target.startsWith('gatelab-g2 with threads'))?.measured).toBe(1.4);
  });

  it('says which GPU rows ran on software and which on a real GPU', () => {
    expect(find('gatelab-g2 ÷ tfjs-layers-lstm', 'webgpu')?.on).toContain('software, not a real GPU');
    expect(find('gatelab-g2 ÷ tfjs-layers-lstm', 'webgl')?.on).toContain('real GPU');
    expect(find('gatelab-g2 ÷ tfjs-layers-lstm', 'webgl')?.on).not.toContain('software');
    expect(targetTable(results()).join('\n')).toContain('Measured on a real GPU: webgl.');
  });
});
