import * as tf from '@tensorflow/tfjs';
import { BackendController } from '../../src/worker/backends';
import { cellKernelsStatus } from '../../src/worker/kernels/register';
import { backendThreads, loadBackend } from '../../src/worker/loadBackend';
import type { BackendName, BackendStart, Threads } from '../types';

/**
 * Starts a backend exactly as the app's worker does (BackendController: load, tf.setBackend checked,
 * one kernel run, then the fused LSTM cell registered if this backend has one and it passes its
 * self-check), so that `gatelab-*` rows measure what the app runs.
 */
/** Which of tfjs-backend-wasm's three binaries the page could pick (threads need a cross-origin-isolated page). */
async function wasmBuild(): Promise<string> {
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `SIMD ${simd ? 'yes' : 'no'}, threads ${threads ? 'yes' : 'no'} (crossOriginIsolated ${String(globalThis.crossOriginIsolated)})`;
}

/** The threads of the started backend, for every row measured on it (see Threads). */
export let startedThreads: Threads = null;

/** The WebGL renderer string (e.g. ANGLE's "… SwiftShader …" for the software one), so a run says what it measured. */
function webglRenderer(): string {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  if (!gl) return '';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
}

export async function startBackend(name: BackendName): Promise<BackendStart> {
  try {
    const choice = await new BackendController(loadBackend, undefined, backendThreads).init(name);
    const fused = cellKernelsStatus(choice.name);
    startedThreads = choice.wasmThreads?.count ?? (name === 'cpu' ? 1 : null);
    return {
      backend: name,
      threads: startedThreads,
      ok: tf.getBackend() === name,
      reason: choice.adapter
        ? `adapter ${choice.adapter.vendor} ${choice.adapter.architecture}${choice.adapter.isFallbackAdapter ? ' (fallback)' : ''}`
        : name === 'wasm'
          ? await wasmBuild()
          : name === 'webgl'
            ? `renderer ${webglRenderer() || 'unknown'}`
            : '',
      fusedCell: fused ? `${fused.active}: ${fused.reason}` : null,
    };
  } catch (e) {
    return { backend: name, threads: null, ok: false, reason: e instanceof Error ? e.message : String(e), fusedCell: null };
  }
}
