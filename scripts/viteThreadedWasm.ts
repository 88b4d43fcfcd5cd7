import type { Plugin } from 'vite';

/**
 * tfjs-backend-wasm starts its threads from the source text of its Emscripten factory
 * (`factory.toString()`, put in a Blob that every pthread worker loads). In the package the factory
 * reads `_scriptDir` from an enclosing closure; once the bundle is minified that name is mangled (to
 * `e`), and every thread dies with "e is not defined" while the backend waits for it. This moves the
 * variable into the factory, so its text stands alone. Dev builds don't minify and need nothing.
 */
const CLOSURE = `var WasmBackendModuleThreadedSimd = (() => {
  var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;
  if (typeof __filename !== 'undefined') _scriptDir = _scriptDir || __filename;
  return (
function(WasmBackendModuleThreadedSimd) {`;
const SELF_CONTAINED = `var WasmBackendModuleThreadedSimd = (() => {
  return (
function(WasmBackendModuleThreadedSimd) {
  var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;
  if (typeof __filename !== 'undefined') _scriptDir = _scriptDir || __filename;`;

export function threadedWasmFactory(): Plugin {
  return {
    name: 'gatelab:threaded-wasm-factory',
    apply: 'build',
    transform(code, id) {
      if (!id.replace(/\?.*$/, '').endsWith('/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js')) return null;
      if (!code.includes(CLOSURE)) {
        this.error('tfjs-backend-wasm-threaded-simd.js is not the one this fix was written for (tfjs 4.22): check the threaded build by hand');
      }
      return { code: code.replace(CLOSURE, SELF_CONTAINED), map: null };
    },
  };
}
