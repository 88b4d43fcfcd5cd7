import { describe, expect, it } from 'vitest';
import { threadsText } from '../../../src/ui/StatusLine';
import { WASM_MAX_THREADS, wasmThreadsFor } from '../../../src/worker/loadBackend';

describe('wasm threads', () => {
  it('one per logical core, within the 8 workers of the threaded build', () => {
    expect(wasmThreadsFor(2)).toBe(2);
    expect(wasmThreadsFor(1)).toBe(1);
    expect(wasmThreadsFor(64)).toBe(WASM_MAX_THREADS);
    // A browser that reports nothing sensible (privacy settings, old engines) gets one thread.
    for (const bad of [undefined, 0, -4, Number.NaN, 2.5]) expect(wasmThreadsFor(bad)).toBe(1);
  });

  it('the status line says why a page runs single-threaded', () => {
    expect(threadsText({ count: 2, isolated: true })).toBe('2 threads');
    expect(threadsText({ count: 1, isolated: true })).toBe('1 thread');
    expect(threadsText({ count: 1, isolated: false })).toMatch(/^1 thread: the page is not cross-origin isolated/);
  });
});
