import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendController } from '../../../src/worker/backends';
import { probeStepMs } from '../../../src/worker/backendProbe';
import { cellKernelsStatus } from '../../../src/worker/kernels/register';
import type { BackendName } from '../../../src/contract/runSettings';

// Node has no GPU: a software WebGPU adapter is faked, and the CPU backend with its kernels stands in
// for WebGPU, so that two backends (it and WASM) start and can be ranked.
const navigatorBefore = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
beforeAll(() => {
  const adapter = { info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true } };
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: { requestAdapter: async () => adapter } }, configurable: true });
  tf.registerBackend('webgpu', () => new MathBackendCPU());
  for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: 'webgpu' });
});
afterAll(async () => {
  await tf.setBackend('cpu');
  tf.removeBackend('webgpu');
  if (navigatorBefore) Object.defineProperty(globalThis, 'navigator', navigatorBefore);
  else Reflect.deleteProperty(globalThis, 'navigator');
});

const shape = { batch: 4, hidden: 8, seqLen: 8 };

function fakeProbe(times: Partial<Record<BackendName, number>>) {
  const probed: string[] = [];
  const probe = async () => {
    const name = tf.getBackend() as BackendName;
    probed.push(name);
    return times[name] ?? 100;
  };
  return { probe, probed };
}

describe('choosing a backend', () => {
  it('measures every backend that starts (not the CPU) and keeps the fastest', async () => {
    const { probe, probed } = fakeProbe({ webgpu: 5, wasm: 2 });
    const backends = new BackendController(async () => {}, probe);
    const choice = await backends.init(undefined, shape);
    // WebGL can't start in Node; the software WebGPU adapter is measured and loses to WASM.
    expect(probed).toEqual(['wasm', 'webgpu']);
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.timings).toEqual([
      { backend: 'wasm', msPerStep: 2 },
      { backend: 'webgpu', msPerStep: 5 },
    ]);
    // The GPU backend was only measured: its cell kernels (seconds of self-check on a software GPU) were not made.
    expect(cellKernelsStatus('webgpu')).toBeNull();
    expect(cellKernelsStatus('wasm')).not.toBeNull();
    // A failure falls back in measured order, and the backend fallen back to gets its kernels.
    expect((await backends.fallback()).name).toBe('webgpu');
    expect(cellKernelsStatus('webgpu')).not.toBeNull();
    expect((await backends.fallback()).name).toBe('cpu');
  });

  it('a software WebGPU adapter wins when it is measured faster', async () => {
    const { probe } = fakeProbe({ webgpu: 1, wasm: 2 });
    expect((await new BackendController(async () => {}, probe).init(undefined, shape)).name).toBe('webgpu');
  });

  it('says each backend as it is measured; a measurement remembered under this key is not made again, one of another key is', async () => {
    const { probe, probed } = fakeProbe({ webgpu: 5, wasm: 2 });
    const reports: unknown[] = [];
    const first = await new BackendController(async () => {}, probe).init(undefined, shape, { onProbe: (r) => reports.push(r) });
    expect(reports).toEqual([
      { backend: 'webgl' },
      { backend: 'webgl', failed: 'it did not start' },
      { backend: 'wasm' },
      { backend: 'wasm', msPerStep: 2 },
      { backend: 'webgpu' },
      { backend: 'webgpu', msPerStep: 5 },
    ]);
    expect(first.probeKey).toBe(`tfjs ${tf.version_core}; google swiftshader (software)`);
    expect(first.remembered).toBe(false);
    probed.length = 0;
    const remembered = { key: first.probeKey, timings: [{ backend: 'webgpu' as const, msPerStep: 1 }, ...(first.timings ?? [])] };
    const again = await new BackendController(async () => {}, probe).init(undefined, shape, { remembered });
    expect(probed).toEqual([]);
    expect(again).toMatchObject({ name: 'webgpu', remembered: true, timings: remembered.timings });
    const elsewhere = await new BackendController(async () => {}, probe).init(undefined, shape, { remembered: { ...remembered, key: 'tfjs 3.0.0; another GPU' } });
    expect(probed).toEqual(['wasm', 'webgpu']);
    expect(elsewhere).toMatchObject({ name: 'wasm', remembered: false });
  });

  it('a forced backend is not measured', async () => {
    const { probe, probed } = fakeProbe({ webgpu: 1 });
    const choice = await new BackendController(async () => {}, probe).init('wasm', shape);
    expect(choice).toMatchObject({ name: 'wasm', timings: undefined });
    expect(probed).toEqual([]);
  });

  it('reports the threads of the backend it started, and none where the started one has none', async () => {
    const threadsOf = async (name: BackendName) => (name === 'wasm' ? { count: 3, isolated: true } : null);
    const backends = new BackendController(async () => {}, fakeProbe({}).probe, threadsOf);
    expect((await backends.init('wasm')).wasmThreads).toEqual({ count: 3, isolated: true });
    expect((await backends.fallback()).wasmThreads).toBeUndefined();
  });

  it('the real probe gives a positive time and leaves no tensors', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const ms = await probeStepMs(shape);
    expect(ms).toBeGreaterThan(0);
    expect(Number.isFinite(ms)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
