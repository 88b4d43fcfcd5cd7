import * as tf from '@tensorflow/tfjs';

/**
 * Replacements for four kernels of tfjs-backend-wasm 4.22 that are slow for reasons unrelated to the
 * arithmetic (read in tfjs-backend-wasm/src/kernels and src/cc):
 *
 * - Slice (and Unpack, SplitV, which call it directly) starts with `readSync(x)`, a copy of the whole
 *   input out of the heap, for every output: unstacking a [64, 32, 1024] window copied 64 × 8 MB.
 *   Here the input is read through a view of the heap, so a slice costs its own size.
 * - BatchMatMul runs XNNPACK only when neither operand is transposed; with transposeA or transposeB it
 *   falls back to a scalar blocked loop (measured in Node: dz·Wᵀ [32,1024]×[1024,256] 14.7 ms instead of
 *   1.1 ms; hsᵀ·dz [256,2048]×[2048,1024] 2.2 s instead of 58 ms). Here a transposed operand is first
 *   transposed by the backend's own Transpose kernel, then the product goes to XNNPACK.
 *
 * - Sum over leading axes (a bias's gradient: [T·B, 4H] summed over its rows) first transposes the
 *   whole input so that the reduced axes come last, then sums each output's values. Here the rows are
 *   added into one accumulator row, reading the input in place (measured in the browser at the medium
 *   size, [2048, 1024] over axis 0: 22–28 ms a step before).
 * - GatherV2 runs an element-by-element loop in C++ (measured in the browser: 70–74 ms to look up
 *   2,048 rows of 1,024 floats, the first layer's input by table, charLM.inputByTable). Here, without
 *   batch dimensions, each looked-up block is one copy out of a heap view.
 *
 * Every autodiff gradient of a matMul is a transposed product, and of a bias add a sum over the rows,
 * so this speeds up every model trained on wasm, the app's and tfjs-layers' alike.
 */

/** The parts of tfjs-backend-wasm's BackendWasm used here. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
  disposeData(dataId: tf.DataId): boolean;
}

type Attrs = Record<string, unknown>;
type Args = { inputs: Record<string, tf.TensorInfo>; backend: WasmBackend; attrs: Attrs };
type KernelOut = tf.TensorInfo | tf.TensorInfo[];

const BACKEND = 'wasm';
export const PATCHED_KERNELS = ['Slice', 'Unpack', 'SplitV', 'BatchMatMul', 'Sum', 'GatherV2'] as const;
const originals = new Map<string, tf.KernelConfig>();

function original(name: string): tf.KernelFunc {
  const config = originals.get(name) ?? tf.getKernel(name, BACKEND);
  if (!config) throw new Error(`no ${name} kernel on ${BACKEND}`);
  return config.kernelFunc;
}

/** Copies the box [begin, begin + size) of x into a new tensor, reading x through a heap view. */
export function sliceView(x: tf.TensorInfo, begin: number[], size: number[], backend: WasmBackend): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const count = size.reduce((a, b) => a * b, 1);
  if (count === 0) return out;
  // Views only after makeOutput: an allocation may grow the heap and detach older views.
  const outVals = backend.typedArrayFromHeap(out);
  const xVals = backend.typedArrayFromHeap(x);
  const rank = x.shape.length;
  const strides = tf.util.computeStrides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const offset = tf.slice_util.computeFlatOffset(begin, strides);
    outVals.set(xVals.subarray(offset, offset + count));
    return out;
  }
  // Row by row along the last axis; `index` counts through the outer axes of the box.
  const row = size[rank - 1] as number;
  const index = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  for (let o = 0; o < count; o += row) {
    let offset = begin[rank - 1] as number;
    for (let d = 0; d < rank - 1; d++) offset += ((begin[d] as number) + (index[d] as number)) * (strides[d] as number);
    outVals.set(xVals.subarray(offset, offset + row), o);
    for (let d = rank - 2; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (size[d] as number)) break;
      index[d] = 0;
    }
  }
  return out;
}

function slice({ inputs, backend, attrs }: Args): KernelOut {
  const x = inputs.x as tf.TensorInfo;
  if (x.dtype === 'string') return original('Slice')({ inputs, backend, attrs } as never) as KernelOut;
  const [begin = [], size = []] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin as number[], attrs.size as number[]);
  return sliceView(x, begin, size, backend);
}

function unpack({ inputs, backend, attrs }: Args): KernelOut {
  const x = inputs.value as tf.TensorInfo;
  if (x.dtype === 'string') return original('Unpack')({ inputs, backend, attrs } as never) as KernelOut;
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0] as number;
  const size = [...x.shape];
  size[axis] = 1;
  const outShape = x.shape.filter((_, d) => d !== axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return Array.from({ length: x.shape[axis] as number }, (_, i) => {
    begin[axis] = i;
    const { dataId, dtype } = sliceView(x, begin, size, backend);
    return { dataId, dtype, shape: outShape };
  });
}

function splitV({ inputs, backend, attrs }: Args): KernelOut {
  const x = inputs.x as tf.TensorInfo;
  if (x.dtype === 'string') return original('SplitV')({ inputs, backend, attrs } as never) as KernelOut;
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0] as number;
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, attrs.numOrSizeSplits as number[] | number, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const out = sliceView(x, begin, size, backend);
    begin[axis] = (begin[axis] as number) + s;
    return out;
  });
}

/** The matrix transpose of the last two axes, by the backend's own Transpose kernel. */
function transposeLast2(x: tf.TensorInfo, backend: WasmBackend): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  return original('Transpose')({ inputs: { x }, backend, attrs: { perm } } as never) as tf.TensorInfo;
}

function batchMatMul({ inputs, backend, attrs }: Args): KernelOut {
  const matMul = original('BatchMatMul');
  if (!attrs.transposeA && !attrs.transposeB) return matMul({ inputs, backend, attrs } as never) as KernelOut;
  const temps: tf.TensorInfo[] = [];
  const plain = (t: tf.TensorInfo, transposed: unknown) => {
    if (!transposed) return t;
    const out = transposeLast2(t, backend);
    temps.push(out);
    return out;
  };
  try {
    const a = plain(inputs.a as tf.TensorInfo, attrs.transposeA);
    const b = plain(inputs.b as tf.TensorInfo, attrs.transposeB);
    return matMul({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } } as never) as KernelOut;
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

/** Sum over the leading axes 0 … k−1 of a float32 tensor, in double precision; anything else goes to tfjs's Sum. */
function sum({ inputs, backend, attrs }: Args): KernelOut {
  const x = inputs.x as tf.TensorInfo;
  const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((a, b) => a - b);
  const k = axes.length;
  const leading = k > 0 && k < x.shape.length && axes.every((a, i) => a === i);
  if (x.dtype !== 'float32' || !leading) return original('Sum')({ inputs, backend, attrs } as never) as KernelOut;
  const kept = x.shape.slice(k);
  const outShape = attrs.keepDims ? [...x.shape.slice(0, k).map(() => 1), ...kept] : kept;
  const out = backend.makeOutput(outShape, 'float32');
  const inner = kept.reduce((a, b) => a * b, 1);
  const rows = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
  const values = backend.typedArrayFromHeap(x) as Float32Array;
  const acc = new Float64Array(inner);
  for (let r = 0; r < rows; r++) {
    const row = r * inner;
    for (let j = 0; j < inner; j++) acc[j] = (acc[j] as number) + (values[row + j] as number);
  }
  (backend.typedArrayFromHeap(out) as Float32Array).set(acc);
  return out;
}

/** x gathered along `axis` at `indices` (no batch dimensions, float32, indices in range), block by block; anything else goes to tfjs's GatherV2. */
function gatherV2({ inputs, backend, attrs }: Args): KernelOut {
  const { x, indices } = inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0] as number;
  const ids = backend.typedArrayFromHeap(indices);
  const size = x.shape[axis] as number;
  const inRange = ids.every((i) => i >= 0 && i < size && Number.isInteger(i));
  if (x.dtype !== 'float32' || attrs.batchDims || !inRange) return original('GatherV2')({ inputs, backend, attrs } as never) as KernelOut;
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)], 'float32');
  // Views only after makeOutput: an allocation may grow the heap and detach older views.
  const outVals = backend.typedArrayFromHeap(out);
  const xVals = backend.typedArrayFromHeap(x);
  const idVals = backend.typedArrayFromHeap(indices);
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (let k = 0; k < idVals.length; k++) {
      const from = (a * size + (idVals[k] as number)) * inner;
      outVals.set(xVals.subarray(from, from + inner), o);
      o += inner;
    }
  }
  return out;
}

const PATCHES: Record<(typeof PATCHED_KERNELS)[number], (args: Args) => KernelOut> = {
  Slice: slice,
  Unpack: unpack,
  SplitV: splitV,
  BatchMatMul: batchMatMul,
  Sum: sum,
  GatherV2: gatherV2,
};

/** Replaces a kernel's function, keeping the original's setup (its handles into the wasm module). */
function swap(config: tf.KernelConfig, kernelFunc: tf.KernelFunc): void {
  tf.unregisterKernel(config.kernelName, BACKEND);
  tf.registerKernel({ ...config, kernelFunc });
}

/** Installs the replacements (idempotent), all or only those named (bench/page/kernelModes.ts). The wasm backend must be registered. */
export function patchWasmKernels(names: readonly (typeof PATCHED_KERNELS)[number][] = PATCHED_KERNELS): void {
  for (const name of names) {
    if (originals.has(name)) continue;
    const config = tf.getKernel(name, BACKEND);
    if (!config) throw new Error(`no ${name} kernel on ${BACKEND}`);
    originals.set(name, config);
    swap(config, PATCHES[name] as unknown as tf.KernelFunc);
  }
  if (!originals.has('Transpose')) {
    const transpose = tf.getKernel('Transpose', BACKEND);
    if (transpose) originals.set('Transpose', transpose);
  }
}

/** Puts tfjs's own kernels back (for measurements of stock tfjs and for tests). */
export function unpatchWasmKernels(): void {
  for (const name of PATCHED_KERNELS) {
    const config = originals.get(name);
    if (!config) continue;
    swap(config, config.kernelFunc);
    originals.delete(name);
  }
}

export function wasmKernelsPatched(): boolean {
  return originals.has('BatchMatMul');
}
